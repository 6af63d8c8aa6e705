/**
 * The emulator's Discord limit checks, as pure functions: each limit from the bot issue is rejected one
 * past the limit, accepted at it, and reported at the field path Discord would name.
 */
import { describe, expect, it } from 'vitest';
import { flattenErrors } from '../support/discord-emulator/errors.js';
import { isEmptyMessage, validateAutocompleteResult, validateCommands, validateMessageBody } from '../support/discord-emulator/limits.js';

const x = (n: number) => 'x'.repeat(n);
const paths = (body: unknown, prefix?: string[]) =>
  flattenErrors(validateMessageBody(body, prefix ? { prefix } : {}).toBody().errors).map((e) => `${e.path} ${e.code}`);

describe('message limits', () => {
  it.each([
    ['embed title', { embeds: [{ title: x(256) }] }, { embeds: [{ title: x(257) }] }, 'embeds.0.title BASE_TYPE_MAX_LENGTH'],
    ['embed description', { embeds: [{ description: x(4096) }] }, { embeds: [{ description: x(4097) }] }, 'embeds.0.description BASE_TYPE_MAX_LENGTH'],
    [
      'field name',
      { embeds: [{ fields: [{ name: x(256), value: 'v' }] }] },
      { embeds: [{ fields: [{ name: x(257), value: 'v' }] }] },
      'embeds.0.fields.0.name BASE_TYPE_MAX_LENGTH',
    ],
    [
      'field value',
      { embeds: [{ fields: [{ name: 'n', value: x(1024) }] }] },
      { embeds: [{ fields: [{ name: 'n', value: x(1025) }] }] },
      'embeds.0.fields.0.value BASE_TYPE_MAX_LENGTH',
    ],
    ['footer', { embeds: [{ footer: { text: x(2048) } }] }, { embeds: [{ footer: { text: x(2049) } }] }, 'embeds.0.footer.text BASE_TYPE_MAX_LENGTH'],
    ['author', { embeds: [{ author: { name: x(256) } }] }, { embeds: [{ author: { name: x(257) } }] }, 'embeds.0.author.name BASE_TYPE_MAX_LENGTH'],
    ['content', { content: x(2000) }, { content: x(2001) }, 'content BASE_TYPE_MAX_LENGTH'],
    [
      'embed count',
      { embeds: Array.from({ length: 10 }, () => ({ title: 't' })) },
      { embeds: Array.from({ length: 11 }, () => ({ title: 't' })) },
      'embeds BASE_TYPE_MAX_LENGTH',
    ],
    [
      'field count',
      { embeds: [{ fields: Array.from({ length: 25 }, () => ({ name: 'n', value: 'v' })) }] },
      { embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }] },
      'embeds.0.fields BASE_TYPE_MAX_LENGTH',
    ],
  ])('%s: at the limit passes, one past fails at the right path', (_name, atLimit, overLimit, expected) => {
    expect(validateMessageBody(atLimit).empty).toBe(true);
    expect(paths(overLimit)).toContain(expected);
  });

  it('counts 6000 characters across all embeds of a message', () => {
    const embeds = (n: number) => [{ description: x(4000) }, { description: x(n) }];
    expect(validateMessageBody({ embeds: embeds(2000) }).empty).toBe(true);
    expect(paths({ embeds: embeds(2001) })).toContain('embeds MAX_EMBED_SIZE_EXCEEDED');
  });

  it('counts characters, not UTF-16 units, so 256 emoji fit a title', () => {
    expect(validateMessageBody({ embeds: [{ title: '📄'.repeat(256) }] }).empty).toBe(true);
    expect(validateMessageBody({ embeds: [{ title: '📄'.repeat(257) }] }).empty).toBe(false);
  });

  it('limits action rows, buttons per row, custom ids and select options', () => {
    const button = (id: string) => ({ type: 2, style: 1, label: 'b', custom_id: id });
    const row = (n: number, p = '') => ({ type: 1, components: Array.from({ length: n }, (_, i) => button(`${p}${i}`)) });
    expect(validateMessageBody({ components: Array.from({ length: 5 }, (_, r) => row(5, `r${r}-`)) }).empty).toBe(true);
    expect(paths({ components: Array.from({ length: 6 }, (_, r) => row(1, `r${r}-`)) })).toContain('components BASE_TYPE_MAX_LENGTH');
    expect(paths({ components: [row(6)] })).toContain('components.0.components BASE_TYPE_MAX_LENGTH');
    expect(paths({ components: [{ type: 1, components: [button(x(101))] }] })).toContain('components.0.components.0.custom_id BASE_TYPE_MAX_LENGTH');
    expect(paths({ components: [{ type: 1, components: [button('same'), button('same')] }] })).toContain(
      'components.0.components.1.custom_id COMPONENT_CUSTOM_ID_DUPLICATED',
    );
    const select = (n: number) => ({
      type: 1,
      components: [{ type: 3, custom_id: 's', options: Array.from({ length: n }, (_, i) => ({ label: `o${i}`, value: `v${i}` })) }],
    });
    expect(validateMessageBody({ components: [select(25)] }).empty).toBe(true);
    expect(paths({ components: [select(26)] })).toContain('components.0.components.0.options BASE_TYPE_MAX_LENGTH');
  });

  it('nests errors under data for interaction callbacks', () => {
    expect(paths({ embeds: [{ title: x(300) }] }, ['data'])).toEqual(['data.embeds.0.title BASE_TYPE_MAX_LENGTH']);
  });

  it('calls a message with nothing to show empty (whitespace content included)', () => {
    expect(isEmptyMessage({ content: '  ' })).toBe(true);
    expect(isEmptyMessage({ content: '', embeds: [], components: [] })).toBe(true);
    expect(isEmptyMessage({ embeds: [{ title: 't' }] })).toBe(false);
  });
});

describe('autocomplete limits', () => {
  it('allows 25 choices with 100-character names and values, no more', () => {
    const choices = (n: number, len = 100) => ({
      choices: Array.from({ length: n }, (_, i) => ({ name: `${i}`.padEnd(len, 'n'), value: `${i}`.padEnd(len, 'v') })),
    });
    expect(validateAutocompleteResult(choices(25)).empty).toBe(true);
    const errors = (data: unknown) => flattenErrors(validateAutocompleteResult(data).toBody().errors).map((e) => e.path);
    expect(errors(choices(26))).toContain('data.choices');
    expect(errors(choices(1, 101))).toEqual(['data.choices.0.name', 'data.choices.0.value']);
  });
});

describe('command definitions', () => {
  const cmd = (over: Record<string, unknown> = {}) => ({ name: 'paper', description: 'Lab papers', ...over });
  const errors = (body: unknown) => flattenErrors(validateCommands(body).toBody().errors).map((e) => `${e.path} ${e.code}`);

  it('accepts a valid set and rejects bad names, duplicates and misplaced required options', () => {
    expect(validateCommands([cmd(), cmd({ name: 'paper-admin' })]).empty).toBe(true);
    expect(errors([cmd({ name: 'Paper' })])).toEqual(['0.name APPLICATION_COMMAND_INVALID_NAME']);
    expect(errors([cmd(), cmd()])).toEqual(['1.name APPLICATION_COMMANDS_DUPLICATE_NAME']);
    const opts = [
      { type: 3, name: 'a', description: 'a' },
      { type: 3, name: 'b', description: 'b', required: true },
    ];
    expect(errors([cmd({ options: opts })])).toEqual(['0.options.1.required APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID']);
  });

  it('enforces the 4000-character budget per command', () => {
    const options = Array.from({ length: 25 }, (_, i) => ({
      type: 3,
      name: `o${i}`,
      description: x(100),
      choices: Array.from({ length: 2 }, (_, k) => ({ name: `c${k}`.padEnd(50, 'c'), value: `${k}` })),
    }));
    expect(errors([cmd({ options })])).toContain('0 APPLICATION_COMMAND_TOO_LARGE');
  });
});
