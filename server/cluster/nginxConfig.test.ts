import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/** The shipped docs/deploy/nginx.conf, checked by the real nginx (issue 16). */
const shipped = readFileSync(join(__dirname, "../../docs/deploy/nginx.conf"), "utf8");
const prefix = mkdtempSync(join(tmpdir(), "ts-nginx-"));
mkdirSync(join(prefix, "logs"));

function check(conf: string): { ok: boolean; output: string } {
  const file = join(prefix, "nginx.conf");
  // Loopback upstreams and listen port as in the file; logs and pid under the prefix, not /var.
  writeFileSync(file, conf.replace("events {", `pid ${prefix}/nginx.pid;\nerror_log ${prefix}/logs/error.log;\nevents {`));
  // nginx -t reports on stderr, success and failure alike.
  const run = spawnSync("/usr/sbin/nginx", ["-t", "-p", prefix, "-c", file], { encoding: "utf8" });
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

afterAll(() => rmSync(prefix, { recursive: true, force: true }));

describe("docs/deploy/nginx.conf (issue 16)", () => {
  it("routes by negotiation id with upgrade headers and unbuffered events", () => {
    expect(shipped).toContain("hash $negotiation consistent;");
    expect(shipped).toContain("proxy_next_upstream error timeout http_502 http_503;");
    expect(shipped).toMatch(/proxy_buffering off;/);
  });

  it("passes nginx -t", () => {
    const result = check(shipped);
    expect(result.output).toMatch(/syntax is ok|test is successful/);
    expect(result.ok).toBe(true);
  });

  it("a broken copy fails nginx -t", () => {
    const result = check(shipped.replace("hash $negotiation consistent;", "hash $negotiation consistent"));
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/emerg/);
  });
});
