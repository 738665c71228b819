/** Cheap pre-check every face uses: text that never mentions a device map (nor is a device-map file) is not parsed at all. */
export function mayHoldMap(text: string, fileName: string): boolean {
  return /device_map|max_memory/.test(text) || /device[_-]?map[^/\\]*\.jsonc?$/i.test(fileName);
}
