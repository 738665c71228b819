/** Element types a model's tensors can have, by the short names users type. */
export type DType = 'fp32' | 'fp16' | 'bf16' | 'fp64' | 'fp8_e4m3' | 'fp8_e5m2' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';

export const DTYPE_BYTES: Readonly<Record<DType, number>> = {
  fp64: 8,
  fp32: 4,
  fp16: 2,
  bf16: 2,
  fp8_e4m3: 1,
  fp8_e5m2: 1,
  int64: 8,
  int32: 4,
  int16: 2,
  int8: 1,
  uint8: 1,
  bool: 1,
};

/** Integer and bool tensors are never cast to the model dtype (accelerate keeps them as stored). */
export function isFloating(d: DType): boolean {
  return d.startsWith('fp') || d === 'bf16';
}

const ALIASES: Readonly<Record<string, DType>> = {
  fp32: 'fp32',
  float32: 'fp32',
  float: 'fp32',
  'torch.float32': 'fp32',
  'torch.float': 'fp32',
  f32: 'fp32',
  F32: 'fp32',
  fp16: 'fp16',
  float16: 'fp16',
  half: 'fp16',
  'torch.float16': 'fp16',
  'torch.half': 'fp16',
  f16: 'fp16',
  F16: 'fp16',
  bf16: 'bf16',
  bfloat16: 'bf16',
  'torch.bfloat16': 'bf16',
  BF16: 'bf16',
  fp64: 'fp64',
  float64: 'fp64',
  double: 'fp64',
  'torch.float64': 'fp64',
  F64: 'fp64',
  F8_E4M3: 'fp8_e4m3',
  float8_e4m3fn: 'fp8_e4m3',
  fp8_e4m3: 'fp8_e4m3',
  'torch.float8_e4m3fn': 'fp8_e4m3',
  F8_E5M2: 'fp8_e5m2',
  float8_e5m2: 'fp8_e5m2',
  fp8_e5m2: 'fp8_e5m2',
  'torch.float8_e5m2': 'fp8_e5m2',
  I64: 'int64',
  int64: 'int64',
  long: 'int64',
  'torch.int64': 'int64',
  I32: 'int32',
  int32: 'int32',
  int: 'int32',
  'torch.int32': 'int32',
  I16: 'int16',
  int16: 'int16',
  'torch.int16': 'int16',
  I8: 'int8',
  int8: 'int8',
  'torch.int8': 'int8',
  U8: 'uint8',
  uint8: 'uint8',
  'torch.uint8': 'uint8',
  BOOL: 'bool',
  bool: 'bool',
  'torch.bool': 'bool',
};

/** Parses a dtype as users write it (`torch.bfloat16`, `"bf16"`, safetensors `BF16`); undefined if unknown. */
export function parseDType(s: string | undefined | null): DType | undefined {
  if (s == null) return undefined;
  // Own keys only: user text like "toString" or "__proto__" must not find Object.prototype members.
  if (Object.hasOwn(ALIASES, s)) return ALIASES[s];
  const lower = s.toLowerCase();
  return Object.hasOwn(ALIASES, lower) ? ALIASES[lower] : undefined;
}
