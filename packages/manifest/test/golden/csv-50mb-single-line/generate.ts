/**
 * A header, a good row, one line of 50 MB (streamed in 1 MiB chunks, never held whole), and a
 * good row. Generated, not committed.
 */
export async function* generate(): AsyncGenerator<Uint8Array> {
  const enc = new TextEncoder();
  yield enc.encode('Truck;Arrival;Master;Waybill;Weight;Packages;Goods;Procedure;Consignee;Country;Phone\n');
  yield enc.encode('AB12345;15.01.2030 14:30;M1;W1;10;1;brake discs;Fortolling;A AS;NO;\n');
  yield enc.encode('AB12345;15.01.2030 14:30;M1;W2;10;1;');
  const chunk = new Uint8Array(1024 * 1024).fill(0x78);
  for (let i = 0; i < 50; i++) yield chunk;
  yield enc.encode(';Fortolling;A AS;NO;\n');
  yield enc.encode('AB12345;15.01.2030 14:30;M1;W3;10;1;paint;Fortolling;B AS;NO;\n');
}
