/** A header with 10,000 columns. Generated, not committed. */
export async function* generate(): AsyncGenerator<Uint8Array> {
  const enc = new TextEncoder();
  const names = Array.from({ length: 10_000 }, (_, i) => `C${i}`).join(';');
  yield enc.encode(`Truck;Arrival;Master;Waybill;Weight;Packages;Goods;Procedure;Consignee;Country;Phone;${names}\n`);
  yield enc.encode('AB12345;15.01.2030 14:30;M1;W1;10;1;brake discs;Fortolling;A AS;NO;\n');
}
