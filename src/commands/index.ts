import { audit } from './audit/index.js';
import { connect } from './connect.js';
import { create } from './create.js';
import { ephemeral } from './ephemeral.js';
import { describe, remove, setActive } from './manage.js';
import { rotate } from './rotate.js';
import type { CommandDeps, CommandResult, CommandSettings } from './types.js';

export { deleteEphemeralKey } from './ephemeral.js';
export * from './types.js';
export { audit } from './audit/index.js';

/** Runs one command of the action. */
export function runCommand(settings: CommandSettings, deps: CommandDeps): Promise<CommandResult> {
  switch (settings.command) {
    case 'connect':
      return connect(settings, deps);
    case 'create':
      return create(settings, deps);
    case 'rotate':
      return rotate(settings, deps);
    case 'ephemeral':
      return ephemeral(settings, deps);
    case 'activate':
      return setActive(settings, deps, true);
    case 'deactivate':
      return setActive(settings, deps, false);
    case 'delete':
      return remove(settings, deps);
    case 'describe':
      return describe(settings, deps);
    case 'audit':
      return auditCommand(settings, deps);
  }
}

async function auditCommand(settings: CommandSettings, deps: CommandDeps): Promise<CommandResult> {
  if (!settings.audit) throw new Error('internal: audit without its options');
  const report = await audit(settings.audit, deps);
  const { counts } = report;
  const done = `audited ${counts.serviceAccounts} service account${counts.serviceAccounts === 1 ? '' : 's'} and ${counts.apiKeys} API key${counts.apiKeys === 1 ? '' : 's'}: ${counts.findings} finding${counts.findings === 1 ? '' : 's'}`;
  return { command: 'audit', serverVersion: report.serverVersion, done, newKey: false, secretsUpdated: [], warnings: [], audit: report };
}
