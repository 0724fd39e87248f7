import type { ZenmlClient } from '../../zenml/client.js';
import { parseBool, parseWholeNumber, UsageError } from '../argv.js';
import { EXIT_DECLINED, withZenml, type CommandSpec, type Context } from '../context.js';
import { deliverKey, readKeyDelivery, type KeyDelivery } from '../key-delivery.js';
import { apiKeyFields, apiKeyJson, apiKeysTable, jsonText, recordTable } from '../output.js';
import { readConnection, readSecretDestination } from '../settings.js';
import { makeKey, reportStored, secretsJson, type NewKey } from './new-key.js';
import { CONNECTION, NEW_KEY, SECRET } from './service-accounts.js';
import { pathSegment } from '../../core/path-segment.js';

const MAX_RETAIN_MINUTES = 525_600;
const GROUP = ['service-account', 'api-key', 'SA'];

/** Hands on a key just made: once (stdout, a file or the variables), with its story on stderr. */
async function printNewKey(ctx: Context, zenml: ZenmlClient, made: NewKey, delivery: KeyDelivery): Promise<void> {
  reportStored(ctx, made.result);
  for (const warning of made.result.warnings) ctx.logger.warning(warning);
  const delivered = deliverKey(ctx, delivery, made.key);
  if (!ctx.json) return;
  const { account, key } = made.result;
  const record = account && key ? await zenml.getApiKey(account.id, key.id).catch(() => undefined) : undefined;
  const json = record ? apiKeyJson(record) : { id: key?.id, name: key?.name, service_account: account };
  ctx.io.out(jsonText({ ...json, ...delivered, ...secretsJson(made.result) }));
}

const create: CommandSpec = {
  pattern: [...GROUP, 'create'],
  args: ['KEY'],
  options: [...CONNECTION, 'description', ...NEW_KEY, ...SECRET],
  summary: 'Create an API key for a service account; the key is shown once.',
  optionHelp: [['-d, --description TEXT', 'description of the key']],
  examples: [
    'zenml-sa service-account api-key ci-deployer create github-actions',
    'zenml-sa service-account api-key ci-deployer create github-actions --secret-name ZENML_STORE_API_KEY --repository acme/app --environment prod',
  ],
  prepare({ command, args, values, env }) {
    const connection = readConnection(values, env);
    const destination = readSecretDestination(values, env);
    const delivery = readKeyDelivery(values, command, connection.url);
    const account = args['SA'] as string;
    return (ctx) =>
      withZenml(ctx, connection, async (zenml) => {
        // The core's create would make a missing account; here the account must exist, as in ZenML.
        const existing = await zenml.getServiceAccount(account);
        const made = await makeKey(ctx, zenml, connection.credentials, {
          command: 'create',
          serviceAccount: existing.id,
          keyName: args['KEY'] as string,
          description: values.description,
          retainMinutes: 0,
          destination,
          delivery,
        });
        ctx.say(`Successfully created API key '${made.result.key?.name ?? args['KEY']}' of service account '${existing.name}'.`);
        await printNewKey(ctx, zenml, made, delivery);
        return 0;
      });
  },
};

const list: CommandSpec = {
  pattern: [...GROUP, 'list'],
  args: [],
  options: CONNECTION,
  summary: "List a service account's API keys (every page; never a key value).",
  examples: ['zenml-sa service-account api-key ci-deployer list', 'zenml-sa service-account api-key ci-deployer list --json'],
  prepare({ args, values, env }) {
    const connection = readConnection(values, env);
    return (ctx) =>
      withZenml(ctx, connection, async (zenml) => {
        const keys = await zenml.listApiKeys(args['SA'] as string);
        ctx.io.out(ctx.json ? jsonText(keys.map((k) => apiKeyJson(k))) : apiKeysTable(keys));
        return 0;
      });
  },
};

const describe: CommandSpec = {
  pattern: [...GROUP, 'describe'],
  args: ['KEY'],
  options: CONNECTION,
  summary: 'Show an API key (by name or id; never its value).',
  examples: ['zenml-sa service-account api-key ci-deployer describe github-actions --json'],
  prepare({ args, values, env }) {
    const connection = readConnection(values, env);
    return (ctx) =>
      withZenml(ctx, connection, async (zenml) => {
        const key = await zenml.getApiKey(args['SA'] as string, args['KEY'] as string);
        ctx.io.out(ctx.json ? jsonText(apiKeyJson(key)) : recordTable(`API key '${key.name}'`, apiKeyFields(key)));
        return 0;
      });
  },
};

const rotate: CommandSpec = {
  pattern: [...GROUP, 'rotate'],
  args: ['KEY'],
  options: [...CONNECTION, 'retain', ...NEW_KEY, ...SECRET],
  summary: 'Give an API key a new value; the old one dies at once, or after --retain minutes. The new key is shown once.',
  optionHelp: [['--retain MINUTES', 'minutes the previous value stays valid (default 0)']],
  examples: [
    'zenml-sa service-account api-key ci-deployer rotate github-actions --retain 60',
    'zenml-sa service-account api-key ci-deployer rotate github-actions --retain 60 --secret-name ZENML_STORE_API_KEY --repository acme/app',
  ],
  prepare({ command, args, values, env }) {
    const retainMinutes = values.retain === undefined ? 0 : parseWholeNumber(values.retain, '--retain', command, MAX_RETAIN_MINUTES, 'minutes');
    const connection = readConnection(values, env);
    const destination = readSecretDestination(values, env);
    const delivery = readKeyDelivery(values, command, connection.url);
    return (ctx) =>
      withZenml(ctx, connection, async (zenml) => {
        const made = await makeKey(ctx, zenml, connection.credentials, {
          command: 'rotate',
          serviceAccount: args['SA'] as string,
          keyName: args['KEY'] as string,
          retainMinutes,
          destination,
          delivery,
        });
        ctx.say(`Successfully rotated API key '${made.result.key?.name ?? args['KEY']}'.`);
        if (made.result.previousKeyValidUntil) ctx.say(`The previous API key will remain valid for ${retainMinutes} minutes (until ${made.result.previousKeyValidUntil}).`);
        await printNewKey(ctx, zenml, made, delivery);
        return 0;
      });
  },
};

const update: CommandSpec = {
  pattern: [...GROUP, 'update'],
  args: ['KEY'],
  options: [...CONNECTION, 'active', 'description', 'name'],
  summary: 'Activate or deactivate (immediate effect), rename or describe an API key.',
  optionHelp: [
    ['--active true|false', 'false: the key stops logging in at once'],
    ['-d, --description TEXT', 'new description'],
    ['-n, --name NEW', 'new name'],
  ],
  examples: ['zenml-sa service-account api-key ci-deployer update github-actions --active false'],
  prepare({ command, args, values, env }) {
    const active = values.active === undefined ? null : parseBool(values.active, '--active', command);
    if (active === null && values.description === undefined && values.name === undefined) {
      throw new UsageError('nothing to update: give --active, --description or --name', command);
    }
    const connection = readConnection(values, env);
    const change = {
      active,
      ...(values.description === undefined ? {} : { description: values.description }),
      ...(values.name === undefined ? {} : { name: pathSegment(values.name, '--name') }),
    };
    return (ctx) =>
      withZenml(ctx, connection, async (zenml) => {
        const key = await zenml.updateApiKey(args['SA'] as string, args['KEY'] as string, change);
        ctx.say(`Successfully updated API key '${key.name}'.`);
        ctx.io.out(ctx.json ? jsonText(apiKeyJson(key)) : recordTable(`API key '${key.name}'`, apiKeyFields(key)));
        return 0;
      });
  },
};

const remove: CommandSpec = {
  pattern: [...GROUP, 'delete'],
  args: ['KEY'],
  options: [...CONNECTION, 'yes'],
  summary: 'Delete an API key; tokens made from it stop working at once. Asks first on a terminal, unless --yes.',
  optionHelp: [['-y, --yes', 'do not ask for confirmation']],
  examples: ['zenml-sa service-account api-key ci-deployer delete old-key --yes'],
  prepare({ args, values, env }) {
    const connection = readConnection(values, env);
    const [account, name] = [args['SA'] as string, args['KEY'] as string];
    return async (ctx) => {
      if (ctx.io.interactive && !values.yes && !(await ctx.io.confirm(`Are you sure you want to delete API key '${name}'?`))) {
        ctx.say('API key deletion canceled; nothing was deleted.');
        return EXIT_DECLINED;
      }
      return withZenml(ctx, connection, async (zenml) => {
        const key = await zenml.getApiKey(account, name);
        await zenml.deleteApiKey(key.serviceAccount.id, key.id);
        ctx.say(`Deleted API key '${key.name}'.`);
        if (ctx.json) ctx.io.out(jsonText(apiKeyJson(key)));
        return 0;
      });
    };
  },
};

/** The `service-account api-key SA …` commands. */
export const apiKeyCommands: readonly CommandSpec[] = [create, list, describe, rotate, update, remove];
