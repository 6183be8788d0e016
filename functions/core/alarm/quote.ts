/** A bounded, quoted copy of a value for an error message (payloads are not ours to echo whole). */
export const quote = (value: unknown): string => {
  const text = typeof value === 'string' ? value : String(JSON.stringify(value));
  return `'${text.length > 60 ? `${text.slice(0, 60)}…` : text}'`;
};
