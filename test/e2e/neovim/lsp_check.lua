-- Headless Neovim (Debian's, built-in vim.lsp) against `device-map lsp --stdio`.
-- Opens DMS_FILE, waits for diagnostics, asks for completion and hover at
-- DMS_LINE/DMS_COL (0-based), writes what Neovim saw to DMS_OUT as JSON, quits.
local file, out = os.getenv('DMS_FILE'), os.getenv('DMS_OUT')
local line, col = tonumber(os.getenv('DMS_LINE')), tonumber(os.getenv('DMS_COL'))
local result = { diagnostics = {}, completion = {}, hover = '', errors = {} }

local function finish()
  local f = io.open(out, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qa!')
end

local ok, err = pcall(function()
  local client_id = vim.lsp.start_client({
    name = 'device-map',
    cmd = { os.getenv('DMS_NODE'), os.getenv('DMS_BIN'), 'lsp', '--stdio' },
    root_dir = vim.fn.fnamemodify(file, ':h'),
    init_options = { gpus = { '2x24GiB' } },
  })
  if not client_id then error('start_client failed') end
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(bufnr, client_id)
  vim.wait(30000, function() return #vim.diagnostic.get(bufnr) > 0 end, 100)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(result.diagnostics, { code = d.code or lsp.code, lnum = d.lnum, message = d.message, source = d.source or lsp.source })
  end
  local client = vim.lsp.get_client_by_id(client_id)
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = line, character = col } }
  local comp, cerr = client.request_sync('textDocument/completion', params, 20000, bufnr)
  if cerr then table.insert(result.errors, 'completion: ' .. tostring(cerr)) end
  if comp and comp.result then
    local items = comp.result.items or comp.result
    for _, item in ipairs(items) do table.insert(result.completion, item.label) end
  end
  local hov, herr = client.request_sync('textDocument/hover', params, 20000, bufnr)
  if herr then table.insert(result.errors, 'hover: ' .. tostring(herr)) end
  if hov and hov.result and hov.result.contents then
    local c = hov.result.contents
    result.hover = type(c) == 'table' and (c.value or vim.fn.json_encode(c)) or tostring(c)
  end
end)
if not ok then table.insert(result.errors, tostring(err)) end
finish()
