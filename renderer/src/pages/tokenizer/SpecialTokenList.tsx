import { Badge, Button, Code, Popover, ScrollArea, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SpecialToken } from '../../../../electron/shared/contract/tokenizer.ts';

/** The tokenizer's special tokens with ids; chat tokens added to an OpenAI encoding are labelled as extensions. */
export function SpecialTokenList({ tokens }: { readonly tokens: readonly SpecialToken[] }) {
  const { t } = useTranslation('tokenizer');
  if (tokens.length === 0) return null;
  return (
    <Popover width={420} position="bottom-start" shadow="md" withArrow>
      <Popover.Target>
        <Button size="compact-xs" variant="subtle" data-testid="special-token-list">
          {t('special.list', { count: tokens.length })}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <ScrollArea.Autosize mah={320}>
          <Table verticalSpacing={2} fz="xs">
            <Table.Tbody>
              {tokens.map((token) => (
                <Table.Tr key={token.id}>
                  <Table.Td>
                    <Code>{token.text}</Code>
                  </Table.Td>
                  <Table.Td>{token.id}</Table.Td>
                  <Table.Td>
                    {token.extension ? (
                      <Badge size="xs" variant="light" color="orange" title={token.extension}>
                        {t('special.extension')}
                      </Badge>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {tokens.some((token) => token.extension) && (
            <Text size="xs" c="dimmed" mt="xs">
              {t('extension', { label: tokens.find((token) => token.extension)?.extension ?? '' })}
            </Text>
          )}
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}
