/**
 * Safetensors dtype names (`BF16`, `F8_E4M3`, `U32`...) to the engine's dtypes.
 * Only the byte size must be exact: variants the engine has no name for map to a
 * type of the same width and floating-ness, so sizes stay exact to the bytes.
 */
import type { DType } from '../../base/dtypes';
import { SafetensorsError } from './header';

const MAP: Readonly<Record<string, DType>> = {
  F64: 'fp64',
  F32: 'fp32',
  F16: 'fp16',
  BF16: 'bf16',
  F8_E4M3: 'fp8_e4m3',
  F8_E4M3FNUZ: 'fp8_e4m3',
  F8_E5M2: 'fp8_e5m2',
  F8_E5M2FNUZ: 'fp8_e5m2',
  I64: 'int64',
  I32: 'int32',
  I16: 'int16',
  I8: 'int8',
  U8: 'uint8',
  BOOL: 'bool',
  // Unsigned and scale-only types: same width, never cast by the loader.
  U64: 'int64',
  U32: 'int32',
  U16: 'int16',
  F8_E8M0: 'uint8',
  E8M0: 'uint8',
  UE8: 'uint8',
  // Complex64 is two float32 values; the loader never casts it.
  C64: 'int64',
};

/** The engine dtype for a safetensors dtype string, or a clear error for sub-byte types we cannot size exactly. */
export function storedDTypeOf(safetensorsDType: string, tensor: string, where: string): DType {
  const d = MAP[safetensorsDType];
  if (d) return d;
  throw new SafetensorsError(
    `${where}: tensor "${tensor}" is stored as ${safetensorsDType}, a packed sub-byte type whose loaded size cannot be derived from the header alone`,
  );
}
