import { Text, Title } from '@mantine/core';

/** The title and one-line introduction every area page opens with. */
export function PageHeader({ title, intro }: { title: string; intro: string }) {
  return (
    <div>
      <Title order={2}>{title}</Title>
      <Text c="dimmed">{intro}</Text>
    </div>
  );
}
