import { LIVE } from "~/shared/schemas/version";
import { useLang, useT } from "../i18n/useT";

/** A time as people in China read it (Beijing time), in the page's language. */
export function useWhen() {
  const lang = useLang();
  return (iso: string) => new Date(iso).toLocaleString(lang === "zh" ? "zh-CN" : "en-GB", { timeZone: "Asia/Shanghai", dateStyle: "medium", timeStyle: "short" });
}

/** A version picker including the live draft (and `extra` drafts, e.g. the member's private draft), for comparisons. */
export function VersionSelect({ name, legend, versions, defaultValue, extra = [] }: { name: string; legend: string; versions: { id: string; label: string; seq: number }[]; defaultValue: string; extra?: { value: string; label: string }[] }) {
  const t = useT();
  return (
    <label>
      {legend}
      <select name={name} defaultValue={defaultValue}>
        {versions.map((v) => (
          <option key={v.id} value={v.id}>
            {`v${v.seq} ${v.label}`}
          </option>
        ))}
        <option value={LIVE}>{t.liveDraft}</option>
        {extra.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
