/** 10,000 nested elements (limit 64). Generated, not committed. */
export async function* generate(): AsyncGenerator<Uint8Array> {
  const enc = new TextEncoder();
  yield enc.encode(`<Manifest mawb="1" carrier="2"><Shipment><Hawb>HC001</Hawb>${'<a>'.repeat(10_000)}x${'</a>'.repeat(10_000)}</Shipment></Manifest>`);
}
