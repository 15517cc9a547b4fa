/** A tar archive without the entries `drop` names (plain ustar: 512-byte headers and blocks). */
export function withoutEntries(tar: Buffer, drop: (name: string) => boolean): { tar: Buffer; dropped: number } {
  const kept: Buffer[] = [];
  let dropped = 0;
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break; // end of archive
    const field = (from: number, len: number) => header.subarray(from, from + len).toString('latin1').replace(/\0.*$/s, '');
    const name = `${field(345, 155) ? `${field(345, 155)}/` : ''}${field(0, 100)}`;
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const length = 512 + Math.ceil(size / 512) * 512;
    if (drop(name)) dropped++;
    else kept.push(tar.subarray(at, at + length));
    at += length;
  }
  kept.push(Buffer.alloc(1024));
  return { tar: Buffer.concat(kept), dropped };
}
