/** A flat YAML scalar value, as PyYAML (yaml.safe_load, YAML 1.1) must read it back. */
export type YamlScalar = string | number | boolean | null;

/**
 * A number PyYAML reads as a float: YAML 1.1's float needs a dot and a signed exponent, so `1e-5` (what JavaScript
 * writes) would come back as the string "1e-5" — and a learning rate given as a string breaks the trainer.
 */
export function pyYamlNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`${value} cannot be written to YAML`);
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  const text = String(value);
  const exponent = /^(-?)(\d+)(?:\.(\d+))?e([+-])(\d+)$/.exec(text);
  if (!exponent) return text;
  const [, sign, whole, fraction, expSign, digits] = exponent;
  return `${sign}${whole}.${fraction ?? '0'}e${expSign}${digits}`;
}

function scalar(value: YamlScalar): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return pyYamlNumber(value);
  // A JSON string is a YAML double-quoted scalar: every character survives, nothing is read as a number or bool.
  return JSON.stringify(value);
}

/** A flat mapping, with `# comment` section lines where a key is a comment entry. */
export function flatYaml(sections: readonly { readonly title: string; readonly entries: readonly (readonly [string, YamlScalar])[] }[]): string {
  return sections
    .filter((section) => section.entries.length > 0)
    .map((section) => [`### ${section.title}`, ...section.entries.map(([key, value]) => `${key}: ${scalar(value)}`)].join('\n'))
    .join('\n\n')
    .concat('\n');
}
