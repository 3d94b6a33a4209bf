/** A source value that cannot land in its target column as it is. */
export class ConversionError extends Error {
  constructor(
    readonly column: string,
    readonly value: string,
    readonly reason: string,
  ) {
    super(`column "${column}": ${reason} (value ${value})`);
    this.name = "ConversionError";
  }
}

export function preview(v: unknown): string {
  const s = Buffer.isBuffer(v) ? `<${v.length} bytes>` : String(v);
  return s.length > 60 ? `${JSON.stringify(s.slice(0, 60))}…` : JSON.stringify(s);
}
