import { TOPIC_KEYS, TOPIC_LABELS } from "~/shared/topics";
import { useLabel } from "../i18n/useT";

/** The topics as a select's options, in the catalogue's order and the reader's language. */
export function TopicOptions() {
  const label = useLabel();
  return (
    <>
      {TOPIC_KEYS.map((k) => (
        <option key={k} value={k}>
          {label(TOPIC_LABELS[k])}
        </option>
      ))}
    </>
  );
}
