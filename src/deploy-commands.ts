/**
 * `npm run deploy-commands`: registers every command in `commands/` with one bulk overwrite (PUT), in the
 * server `DISCORD_GUILD_ID` when set (instant), otherwise globally (Discord may take up to an hour).
 */
import { pathToFileURL } from 'node:url';
import { DiscordAPIError, REST, Routes, type APIApplicationCommand } from 'discord.js';
import { ConfigError, loadConfig, loadDotEnv, type Config } from './config.js';
import { CommandDefinitionError, commandPaths, loadCommandModules, type CommandModule } from './bot/command-module.js';
import { inviteUrl } from './bot/permissions.js';

/** What {@link deployCommands} registered. */
export interface DeployResult {
  scope: 'guild' | 'global';
  guildId?: string;
  /** `message`: a message command (type 3), shown in a message's Apps menu. */
  commands: { name: string; id: string; paths: string[]; message?: boolean }[];
}

/** A refusal from Discord, with its fields' errors spelled out. */
export class DeployError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeployError';
  }
}

function describeDiscordErrors(errors: unknown, prefix = ''): string[] {
  if (!errors || typeof errors !== 'object') return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(errors)) {
    if (key === '_errors' && Array.isArray(value)) {
      for (const e of value as { code?: string; message?: string }[]) out.push(`${prefix || '(body)'}: ${e.message ?? e.code}`);
    } else {
      out.push(...describeDiscordErrors(value, prefix ? `${prefix}.${key}` : key));
    }
  }
  return out;
}

/**
 * Registers the commands with one PUT.
 *
 * @param config - needs the token and application id; `discord.guildId` picks the scope, `apiUrl` the API
 * @param modules - defaults to every module in `commands/`
 * @throws DeployError describing Discord's answer when it refuses
 */
export async function deployCommands(config: Config, modules?: CommandModule[]): Promise<DeployResult> {
  const { token, applicationId, guildId, apiUrl } = config.discord;
  if (!token || !applicationId) throw new DeployError('DISCORD_TOKEN and DISCORD_APPLICATION_ID are required to deploy commands');
  const mods = modules ?? (await loadCommandModules());
  const body = mods.map((m) => m.definition);
  const rest = new REST(apiUrl ? { api: apiUrl } : {}).setToken(token);
  const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
  let registered: APIApplicationCommand[];
  try {
    registered = (await rest.put(route, { body })) as APIApplicationCommand[];
  } catch (err) {
    if (err instanceof DiscordAPIError) {
      const details = describeDiscordErrors((err.rawError as { errors?: unknown }).errors);
      throw new DeployError(
        [`Discord refused the commands (HTTP ${err.status}, code ${err.code}): ${err.message.split('\n')[0]}`, ...details.map((d) => `  - ${d}`)].join('\n'),
      );
    }
    throw new DeployError(`Could not reach Discord to register the commands: ${(err as Error).message}`);
  }
  return {
    scope: guildId ? 'guild' : 'global',
    ...(guildId ? { guildId } : {}),
    commands: registered.map((c) => {
      const mod = mods.find((m) => m.definition.name === c.name);
      return {
        name: c.name,
        id: c.id,
        paths: mod ? commandPaths(mod.definition).map((p) => p.key) : [c.name],
        ...((c as { type?: number }).type === 3 ? { message: true } : {}),
      };
    }),
  };
}

/** A human summary of a deployment, one line per command. */
export function describeDeployment(result: DeployResult): string {
  const where = result.scope === 'guild' ? `in server ${result.guildId} (available now)` : 'globally (may take up to an hour to appear)';
  const lines = [`Registered ${result.commands.length} command(s) ${where}:`];
  for (const c of result.commands) {
    const subs = c.paths.filter((p) => p !== c.name).map((p) => p.slice(c.name.length + 1));
    // A message command is not typed after a slash: members find it under a message's Apps menu.
    if (c.message) lines.push(`  “${c.name}” (message → Apps)  id ${c.id}`);
    else lines.push(`  /${c.name}${subs.length ? ` (${subs.join(', ')})` : ''}  id ${c.id}`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  loadDotEnv();
  try {
    const config = loadConfig(process.env, 'deploy');
    console.log(describeDeployment(await deployCommands(config)));
    // The application id is set: deployCommands refuses to run without it.
    console.log(`Add the bot to a server (it asks for exactly the permissions it uses):\n  ${inviteUrl(config.discord.applicationId!)}`);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof DeployError || err instanceof CommandDefinitionError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
