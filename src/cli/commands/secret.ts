import { InputError } from '../../core/errors.js';
import { storeSecret, validateSecretName, validateSecretValue } from '../../github/index.js';
import { UsageError } from '../argv.js';
import type { CommandSpec } from '../context.js';
import { jsonText, secretsTable } from '../output.js';
import { inGitHubActions, maskInJob } from '../job.js';
import { readGitHub, readTargets } from '../settings.js';

const set: CommandSpec = {
  pattern: ['secret', 'set'],
  args: ['NAME'],
  options: ['repository', 'environment', 'organization', 'visibility', 'selected-repositories', 'github-api-url', 'allow-insecure-http', 'json'],
  summary: 'Store stdin (one trailing newline dropped) as an encrypted GitHub Actions secret.',
  optionHelp: [
    ['--repository OWNER/REPO[,…]', 'repositories to store it in (default $GITHUB_REPOSITORY)'],
    ['--environment ENV', "that deployment environment's secret (one repository)"],
    ['--organization ORG', 'an organization secret instead'],
    ['--visibility all|private|selected', 'organization secret visibility (default: an existing secret keeps its own, a new one is private)'],
    ['--selected-repositories A,B', 'with --visibility selected: names or ids of repositories that may read it'],
    ['--github-api-url URL', 'GitHub Enterprise Server API (default $GITHUB_API_URL or https://api.github.com)'],
    ['--allow-insecure-http', 'permit an http:// GitHub API URL whose host is not loopback'],
    ['--json', 'print the outcome per target as JSON instead of a table'],
  ],
  examples: [
    'printf %s "$VALUE" | zenml-sa secret set ZENML_STORE_URL --repository acme/app',
    'zenml-sa secret set ZENML_STORE_API_KEY --organization acme --visibility selected --selected-repositories app,lib < key.txt',
  ],
  prepare({ command, args, values, env }) {
    const name = validateSecretName(args['NAME'] as string);
    const targets = readTargets(values, env);
    const github = readGitHub(values, env, `store ${name}`);
    return async (ctx) => {
      const text = ctx.io.interactive ? await ctx.io.askSecret(`Value of ${name}: `) : await ctx.io.readStdin();
      const value = text.replace(/\r?\n$/, '');
      ctx.redactor.add(value);
      if (value === '') throw new UsageError(`no value for ${name}: ${ctx.io.interactive ? 'none was entered' : 'stdin was empty'}`, command);
      if (inGitHubActions(ctx.env)) maskInJob(value);
      try {
        validateSecretValue(value);
      } catch (error) {
        if (error instanceof InputError) throw new UsageError(error.message, command);
        throw error;
      }
      const updates = await storeSecret({ token: github.token, tokenName: github.tokenName, baseUrl: github.apiUrl, logger: ctx.logger }, targets, name, value);
      for (const u of updates) ctx.say(`Secret ${u.secret} ${u.result} in ${u.target}.`);
      ctx.io.out(ctx.json ? jsonText(updates) : secretsTable(updates));
      return 0;
    };
  },
};

/** `secret set`. */
export const secretCommands: readonly CommandSpec[] = [set];
