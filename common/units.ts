/** Bytes in binary units, as people read them: "512 B", "3.4 MiB", "120 GiB". `empty` stands for no value. */
export function formatBytes(n: number | null | undefined, empty = "-"): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return empty;
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? Math.round(v) : v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}
