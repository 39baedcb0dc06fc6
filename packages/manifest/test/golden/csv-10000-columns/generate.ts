/** A header, a good row, a row with 10,000 columns, and a good row. Generated, not committed. */
export async function* generate(): AsyncGenerator<Uint8Array> {
  const enc = new TextEncoder();
  yield enc.encode('Truck;Arrival;Master;Waybill;Weight;Packages;Goods;Procedure;Consignee;Country;Phone\n');
  yield enc.encode('AB12345;15.01.2030 14:30;M1;W1;10;1;brake discs;Fortolling;A AS;NO;\n');
  yield enc.encode(`AB12345;15.01.2030 14:30;M1;W2;10;1;brake discs;Fortolling;A AS;NO;${';x'.repeat(10_000 - 11)}\n`);
  yield enc.encode('AB12345;15.01.2030 14:30;M1;W3;10;1;paint;Fortolling;B AS;NO;\n');
}
