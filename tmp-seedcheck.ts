import { startTestServer, login, get } from "/work/wt-ledger/tests/setup/server";
const s = await startTestServer();
for (const u of ["city.union", "region.union", "platform.chief", "observer", "union.chief", "outsider", "admin"]) {
  const c = await login(s.url, u);
  const r = await get(s.url, "/api/ledger", c);
  const body = r.status === 200 ? await r.json() : await r.text();
  console.log(u, r.status, r.status === 200 ? JSON.stringify({ totals: body.totals, rows: body.rows.map((x: any) => `${x.negotiationId} ${x.status} ${x.progress.agreed}/${x.progress.total} [${x.overdue}] ${x.participant}`) }, null, 1) : body);
}
const c = await login(s.url, "region.union");
for (const q of ["?scope=bad", "?org=org-hrss", "?org=org-beichuan", "?overdue=1&sort=workers&dir=desc", "?foo=1"]) {
  const r = await get(s.url, "/api/ledger" + q, c); const t = await r.text(); console.log(q, r.status, t.slice(0, 300));
}
for (const q of ["/ledger/report.xlsx?period=month&on=2026-11-15", "/ledger/report.pdf?period=week&on=2026-12-01", "/ledger.xlsx", "/ledger/report.xlsx?period=year&on=2026-02-30"]) {
  const r = await get(s.url, q, c); const b = Buffer.from(await r.arrayBuffer()); console.log(q, r.status, r.headers.get("content-type"), b.length, r.status !== 200 ? b.toString() : "");
}
await s.stop();
