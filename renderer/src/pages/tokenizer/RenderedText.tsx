import { Code } from '@mantine/core';
import type { RenderSegment } from '../../../../electron/shared/contract/tokenizer.ts';

/** The rendered template text with the trained stretches marked, so the mask can be read on the text itself. */
export function RenderedText({ text, segments }: { readonly text: string; readonly segments: readonly RenderSegment[] }) {
  return (
    <Code block data-testid="template-rendered-text" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
      {segments.map((segment, index) =>
        segment.weight > 0 ? (
          <mark
            key={index}
            data-testid="rendered-trained"
            style={{ background: 'var(--mantine-color-green-light)', color: 'inherit', borderBottom: '2px solid var(--mantine-color-green-filled)' }}
          >
            {text.slice(segment.start, segment.end)}
          </mark>
        ) : (
          <span key={index} style={{ opacity: 0.75 }}>
            {text.slice(segment.start, segment.end)}
          </span>
        ),
      )}
    </Code>
  );
}
