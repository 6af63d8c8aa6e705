/**
 * `/paper`: search and browse the lab's papers, and run the reading group. Plain data, exactly as Discord
 * registers it; the behaviour of each subcommand is in `src/handlers/paper/`.
 */
import { ApplicationCommandOptionType as T, ApplicationIntegrationType, ChannelType, InteractionContextType } from 'discord.js';
import type { CommandModule } from '../src/bot/command-module.js';

/** Longest query accepted; long enough for a pasted sentence, short enough to echo in a footer. */
export const MAX_QUERY_LENGTH = 1000;
/** Longest author filter: names are short, and the filters must fit a button's custom_id. */
export const MAX_AUTHOR_LENGTH = 40;

const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

const fromYear = {
  type: T.Integer,
  name: 'from_year',
  description: 'Only papers from this year on',
  min_value: MIN_YEAR,
  max_value: MAX_YEAR,
} as const;
const author = {
  type: T.String,
  name: 'author',
  description: 'Only papers with this author (part of the name is enough)',
  max_length: MAX_AUTHOR_LENGTH,
} as const;
/** Which papers a search or random draw covers; absent is the lab's own. */
const scope = {
  type: T.String,
  name: 'scope',
  description: 'Which papers: the lab’s (default), the reading list, or all (lab, reading list, digest papers)',
  choices: [
    { name: 'lab papers', value: 'lab' },
    { name: 'reading list', value: 'reading-list' },
    { name: 'all: lab, reading list and digest papers', value: 'all' },
  ] as { name: string; value: string }[],
} as const;
const paper = {
  type: T.String,
  name: 'paper',
  description: 'A title (pick from the list), an arXiv id or an arXiv URL',
  required: true,
  autocomplete: true,
  max_length: 200,
} as const;

const command = {
  definition: {
    name: 'paper',
    description: 'Search and browse the lab’s papers',
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    options: [
      {
        type: T.Subcommand,
        name: 'search',
        description: 'Search the lab’s papers by words, with optional filters',
        options: [
          {
            type: T.String,
            name: 'query',
            description: 'Words to look for in titles, abstracts and authors',
            required: true,
            autocomplete: true,
            max_length: MAX_QUERY_LENGTH,
          },
          author,
          fromYear,
          { type: T.Integer, name: 'to_year', description: 'Only papers up to this year', min_value: MIN_YEAR, max_value: MAX_YEAR },
          { type: T.String, name: 'category', description: 'arXiv category, e.g. cs.LG or stat', max_length: 20 },
          scope,
        ],
      },
      {
        type: T.Subcommand,
        name: 'random',
        description: 'A random lab paper, e.g. for the reading group',
        options: [{ type: T.String, name: 'topic', description: 'Only papers about this', autocomplete: true, max_length: 100 }, fromYear, author, scope],
      },
      {
        type: T.Subcommand,
        name: 'show',
        description: 'One paper’s full card: abstract, authors, links',
        options: [paper],
      },
      {
        type: T.Subcommand,
        name: 'recent',
        description: 'The newest lab papers',
        options: [{ type: T.Integer, name: 'count', description: 'How many (1-10, default 5)', min_value: 1, max_value: 10 }],
      },
      {
        type: T.Subcommand,
        name: 'cite',
        description: 'BibTeX for a paper',
        options: [paper],
      },
      { type: T.Subcommand, name: 'history', description: 'The reading group’s past picks, newest first' },
      {
        type: T.Subcommand,
        name: 'reading-list',
        description: 'Papers members saved from the digest, newest first, with Remove',
        options: [{ type: T.Integer, name: 'page', description: 'Which page (5 papers a page)', min_value: 1, max_value: 1000 }],
      },
      {
        type: T.Subcommand,
        name: 'stats',
        description: 'A chart of the lab’s papers per year, top co-authors and citations',
        options: [fromYear, { type: T.Integer, name: 'to_year', description: 'Only papers up to this year', min_value: MIN_YEAR, max_value: MAX_YEAR }, author],
      },
      { type: T.Subcommand, name: 'help', description: 'What this bot can do' },
      {
        type: T.Subcommand,
        name: 'poll',
        description: 'A Discord poll among a few candidate papers for the reading group',
        options: [
          { type: T.Integer, name: 'count', description: 'How many candidates (2-10, default 4)', min_value: 2, max_value: 10 },
          { type: T.String, name: 'topic', description: 'Only papers about this', autocomplete: true, max_length: 100 },
          { type: T.Integer, name: 'hours', description: 'How long the poll runs (1-768 hours, default 48)', min_value: 1, max_value: 768 },
          fromYear,
          author,
          scope,
        ],
      },
      { type: T.Subcommand, name: 'poll-end', description: 'End the running reading-group poll now; its winner becomes the pick' },
      {
        type: T.Subcommand,
        name: 'schedule',
        description: 'Schedule a reading-group session as a server event',
        options: [
          paper,
          { type: T.String, name: 'when', description: 'Date and time, e.g. 2026-12-10 15:30 (reading-group time zone)', required: true, max_length: 100 },
          { type: T.String, name: 'where', description: 'A room or a link (or pick a voice channel below)', max_length: 100 },
          { type: T.Channel, name: 'channel', description: 'A voice or stage channel', channel_types: [ChannelType.GuildVoice, ChannelType.GuildStageVoice] },
          {
            type: T.String,
            name: 'repeat',
            description: 'Repeat the session',
            choices: [
              { name: 'weekly', value: 'weekly' },
              { name: 'fortnightly', value: 'fortnightly' },
            ],
          },
          { type: T.User, name: 'presenter', description: 'Who presents the paper' },
          { type: T.Integer, name: 'minutes', description: 'How long (15-1440 minutes, default 60)', min_value: 15, max_value: 1440 },
        ],
      },
      { type: T.Subcommand, name: 'sessions', description: 'Upcoming reading-group sessions with papers and presenters' },
      {
        type: T.Subcommand,
        name: 'unpick',
        description: 'Take back a reading-group pick (organisers, Manage Server)',
        options: [{ ...paper, description: 'The picked paper (pick from the list)' }],
      },
    ],
  },
} satisfies CommandModule;

export default command;
