import { parseBool, UsageError, type OptionName } from '../argv.js';
import { EXIT_DECLINED, withZenml, type CommandSpec } from '../context.js';
import { deliverKey, readKeyDelivery } from '../key-delivery.js';
import { accountFields, accountJson, accountsTable, apiKeyJson, jsonText, recordTable } from '../output.js';
import { readConnection, readSecretDestination } from '../settings.js';
import { makeKey, reportStored, secretsJson, secretsWriter } from './new-key.js';
import { pathSegment } from '../../core/path-segment.js';

/** Options every command that talks to ZenML takes. */
export const CONNECTION: readonly OptionName[] = ['url', 'api-key', 'username', 'password', 'allow-insecure-http', 'json'];
/** How a new key is handed on, as ZenML's CLI spells it. */
export const NEW_KEY: readonly OptionName[] = ['set-key', 'output-file'];
/** Where a new key is stored. */
export const SECRET: readonly OptionName[] = ['secret-name', 'repository', 'environment', 'organization', 'visibility', 'selected-repositories', 'github-api-url'];

const create: CommandSpec = {
  pattern: ['service-account', 'create'],
  args: ['NAME'],
  options: [...CONNECTION, 'description', 'create-api-key', ...NEW_KEY, 'set-api-key', ...SECRET],
  summary: "Create a service account and (unless --create-api-key false) an API key named 'default', shown once.",
  optionHelp: [
    ['-d, --description TEXT', 'description of the service account'],
    ['--create-api-key true|false', "also create the API key 'default' (default: true)"],
    ['--set-key, --set-api-key', 'print export lines for ZENML_STORE_URL/ZENML_STORE_API_KEY instead of the key (in GitHub Actions: $GITHUB_ENV)'],
  ],
  examples: [
    'zenml-sa service-account create ci-deployer',
    'zenml-sa service-account create ci-deployer --secret-name ZENML_STORE_API_KEY --repository acme/app',
    'zenml-sa service-account create reader --create-api-key false --json',
  ],
  prepare({ command, args, values, env }) {
    const name = args['NAME'] as string;
    const withKey = values['create-api-key'] === undefined ? true : parseBool(values['create-api-key'], '--create-api-key', command);
    const connection = readConnection(values, env);
    const destination = readSecretDestination(values, env);
    if (destination && !withKey) throw new UsageError('--secret-name stores the new API key: it cannot be combined with --create-api-key false', command);
    const delivery = readKeyDelivery(values, command, connection.url);
    if (!withKey && (delivery.setKey || delivery.outputFile)) throw new UsageError('--set-key and --output-file hand on the new API key: they cannot be combined with --create-api-key false', command);
    const description = values.description;
    return (ctx) =>
      withZenml(ctx, connection, async (zenml) => {
        const secrets = secretsWriter(ctx, destination);
        // The GitHub preflight runs before the account exists; the core's create reuses its answer.
        const prepared = destination && secrets ? await secrets.prepare(destination.targets, destination.secretName) : undefined;
        const account = await zenml.createServiceAccount({ name, ...(description ? { description } : {}) });
        ctx.say(`Created service account '${account.name}'.`);
        if (!withKey) {
          ctx.io.out(ctx.json ? jsonText(accountJson(account)) : recordTable(`Service account '${account.name}'`, accountFields(account)));
          return 0;
        }
        const cached = secrets && prepared ? { prepare: () => Promise.resolve(prepared), store: secrets.store } : undefined;
        const made = await makeKey(
          ctx,
          zenml,
          connection.credentials,
          { command: 'create', serviceAccount: account.id, keyName: 'default', description: 'Default API key.', retainMinutes: 0, destination, delivery },
          cached,
        );
        ctx.say(`Created API key 'default' of service account '${account.name}'.`);
        reportStored(ctx, made.result);
        const delivered = deliverKey(ctx, delivery, made.key);
        if (!ctx.json) return 0;
        const record = await zenml.getApiKey(account.id, made.result.key?.id ?? 'default').catch(() => undefined);
        const apiKey = record ? apiKeyJson(record) : { id: made.result.key?.id, name: 'default' };
        ctx.io.out(jsonText({ ...accountJson(account), api_key: { ...apiKey, ...delivered }, ...secretsJson(made.result) }));
        return 0;
      });
  },
};

const list: CommandSpec = {
  pattern: ['service-account', 'list'],
  args: [],
  options: [...CONNECTION, 'active', 'name'],
  summary: 'List service accounts (every page).',
  optionHelp: [
    ['--active true|false', 'only active (or inactive) accounts'],
    ['-n, --name NAME', 'only the account of that name (ZenML filters such as contains:ci work too)'],
  ],
  examples: ['zenml-sa service-account list', 'zenml-sa service-account list --active false --json'],
  prepare({ command, values, env }) {
    const active = values.active === undefined ? undefined : parseBool(values.active, '--active', command);
    const connection = readConnection(values, env);
    const filter = { ...(active === undefined ? {} : { active }), ...(values.name === undefined ? {} : { name: values.name }) };
    return (ctx) =>
      withZenml(ctx, connection, async (zenml) => {
        const accounts = await zenml.listServiceAccounts(filter);
        ctx.io.out(ctx.json ? jsonText(accounts.map(accountJson)) : accountsTable(accounts));
        return 0;
      });
  },
};

const describe: CommandSpec = {
  pattern: ['service-account', 'describe'],
  args: ['NAME'],
  options: CONNECTION,
  summary: 'Show a service account (by name or id).',
  examples: ['zenml-sa service-account describe ci-deployer', 'zenml-sa service-account describe ci-deployer --json'],
  prepare({ args, values, env }) {
    const connection = readConnection(values, env);
    return (ctx) =>
      withZenml(ctx, connection, async (zenml) => {
        const account = await zenml.getServiceAccount(args['NAME'] as string);
        ctx.io.out(ctx.json ? jsonText(accountJson(account)) : recordTable(`Service account '${account.name}'`, accountFields(account)));
        return 0;
      });
  },
};

const update: CommandSpec = {
  pattern: ['service-account', 'update'],
  args: ['NAME'],
  options: [...CONNECTION, 'active', 'description', 'name'],
  summary: 'Activate or deactivate (immediate effect), rename or describe a service account.',
  optionHelp: [
    ['--active true|false', 'false: none of its keys log in until it is activated again'],
    ['-d, --description TEXT', 'new description'],
    ['-n, --name NEW', 'new name'],
  ],
  examples: ['zenml-sa service-account update ci-deployer --active false', 'zenml-sa service-account update ci-deployer --name deployer -d "Deploys from CI"'],
  prepare({ command, args, values, env }) {
    const active = values.active === undefined ? undefined : parseBool(values.active, '--active', command);
    const change = {
      ...(active === undefined ? {} : { active }),
      ...(values.description === undefined ? {} : { description: values.description }),
      ...(values.name === undefined ? {} : { name: pathSegment(values.name, '--name') }),
    };
    if (Object.keys(change).length === 0) throw new UsageError('nothing to update: give --active, --description or --name', command);
    const connection = readConnection(values, env);
    return (ctx) =>
      withZenml(ctx, connection, async (zenml) => {
        const account = await zenml.updateServiceAccount(args['NAME'] as string, change);
        ctx.say(`Updated service account '${account.name}'.`);
        ctx.io.out(ctx.json ? jsonText(accountJson(account)) : recordTable(`Service account '${account.name}'`, accountFields(account)));
        return 0;
      });
  },
};

const remove: CommandSpec = {
  pattern: ['service-account', 'delete'],
  args: ['NAME'],
  options: [...CONNECTION, 'yes'],
  summary: 'Delete a service account and its API keys. Asks first on a terminal, unless --yes.',
  optionHelp: [['-y, --yes', 'do not ask for confirmation']],
  examples: ['zenml-sa service-account delete old-deployer', 'zenml-sa service-account delete old-deployer --yes --json'],
  prepare({ args, values, env }) {
    const connection = readConnection(values, env);
    const name = args['NAME'] as string;
    return async (ctx) => {
      if (ctx.io.interactive && !values.yes && !(await ctx.io.confirm(`Are you sure you want to delete service account '${name}' and its API keys?`))) {
        ctx.say('Service account deletion canceled; nothing was deleted.');
        return EXIT_DECLINED;
      }
      return withZenml(ctx, connection, async (zenml) => {
        const account = await zenml.getServiceAccount(name);
        await zenml.deleteServiceAccount(account.id);
        ctx.say(`Deleted service account '${account.name}'.`);
        if (ctx.json) ctx.io.out(jsonText(accountJson(account)));
        return 0;
      });
    };
  },
};

/** The `service-account …` commands. */
export const serviceAccountCommands: readonly CommandSpec[] = [create, list, describe, update, remove];
