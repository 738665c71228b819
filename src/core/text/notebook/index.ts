/** Jupyter notebooks: cells read from `.ipynb` JSON, and their code as one mappable Python program. */
export { readNotebook, type CellKind, type Notebook, type NotebookCell, type NotebookRead } from './readNotebook';
export { cellPython, type CellPiece, type CellPython } from './ipython';
export { NotebookProgram, isPythonCell, type CellEdit, type CellOffset, type CellSpan, type SkippedCell } from './program';
