import Database from 'better-sqlite3';
const db = new Database(process.argv[2], { readonly: true });
console.log(db.prepare("select id, original_name, state, lease_owner, lease_expires_at, retry_at, lease_count, failure from manifests where original_name like '%m-15%'").all());
const m = db.prepare("select id from manifests where original_name like '%m-15%'").get();
console.log(db.prepare("select state, count(*) n from notifications where manifest_id = ? group by state").all(m.id));
console.log(db.prepare("select document_number, state, operation, submit_attempts, lookup_attempts, poll_attempts, last_error, updated_at from notifications where manifest_id = ? and state not in ('accepted','routed') limit 5").all(m.id));
console.log(db.prepare("select * from outbox where manifest_id = ?").all(m.id).map(r => ({...r, content: undefined})));
