/** Whitespace inside tokens drawn visibly, so " the" and "the" are told apart at a glance. */
const visible: Readonly<Record<string, string>> = { ' ': '·', '\n': '↵', '\t': '→', '\r': '␍', '\u3000': '□' };

/** A token's text with its whitespace shown as dimmed marks ("·the"). */
export function MergeText({ text }: { readonly text: string }) {
  const parts: { mark: boolean; value: string }[] = [];
  for (const char of text) {
    const mark = char in visible;
    const value = visible[char] ?? char;
    const last = parts.at(-1);
    if (last && last.mark === mark) last.value += value;
    else parts.push({ mark, value });
  }
  return (
    <span style={{ fontFamily: 'var(--mantine-font-family-monospace)', whiteSpace: 'pre' }}>
      {parts.map((part, index) =>
        part.mark ? (
          <span key={index} style={{ opacity: 0.5 }}>
            {part.value}
          </span>
        ) : (
          part.value
        ),
      )}
    </span>
  );
}
