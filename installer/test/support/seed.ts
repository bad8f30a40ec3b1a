// Rows shaped like Kestrel's for the backup, restore and upgrade tests.
import type { ScratchDatabase } from './database.js';

/** Tables shaped like Kestrel's: integer money, JSON documents, bytes, times, text, NULLs, a foreign key. */
export async function seed(db: ScratchDatabase, rows: number): Promise<void> {
  await db.query(`
    create table accounts (id bigserial primary key, owner text not null, cash_minor bigint not null, opened_at timestamptz not null default now());
    create table fills (id bigserial primary key, account_id bigint not null references accounts(id), symbol text not null,
      price_ticks bigint not null, quantity_lots bigint not null, meta jsonb, raw bytea, note text);
    insert into accounts (owner, cash_minor) select 'user-' || g || ' ✓', g * 100000 from generate_series(1, 50) g;
    insert into fills (account_id, symbol, price_ticks, quantity_lots, meta, raw, note)
      select 1 + g % 50, (array['AAPL','GOOG','MSFT'])[1 + g % 3], 10000 + g, 1 + g % 7,
             jsonb_build_object('g', g, 'tags', jsonb_build_array('a', g % 5)), decode(md5(g::text), 'hex'),
             case when g % 10 = 0 then null else E'line\\n' || g end
      from generate_series(1, ${rows}) g;`);
}
