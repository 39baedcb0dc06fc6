import Database from 'better-sqlite3';
const db = new Database(process.argv[2], { readonly: true });
const m = db.prepare("select id, state, lease_count from manifests where original_name = 'm-20.csv'").get();
console.log(m);
console.log(db.prepare("select document_number, state, submit_attempts, lookup_attempts, last_error, created_at, updated_at from notifications where manifest_id = ? and document_number in ('CMR-K20-00072','CMR-K20-00071','CMR-K20-00085')").all(m.id));
