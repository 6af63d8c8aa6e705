/**
 * Discord's limits, in one place: messages, components, choices and command definitions. The card builder
 * keeps every message limit and the command loader every definition limit, so Discord never answers with
 * "400 Invalid Form Body" (which the user would see as "This interaction failed").
 * https://discord.com/developers/docs/resources/message#embed-object-embed-limits
 */
export const LIMITS = {
  content: 2000,
  embedsPerMessage: 10,
  embedTotal: 6000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  actionRows: 5,
  componentsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  selectOptions: 25,
  selectOptionLabel: 100,
  selectOptionValue: 100,
  selectOptionDescription: 100,
  selectPlaceholder: 150,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  threadName: 100,
  url: 2048,
  // Application command definitions (checked by the command loader before they are registered).
  commandName: 32,
  commandDescription: 100,
  commandOptions: 25,
  optionChoices: 25,
  stringOptionLength: 6000,
} as const;
