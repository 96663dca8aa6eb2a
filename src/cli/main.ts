// The `ocm` command line. Each subcommand lives in its own module and registers itself here.
import { Command } from 'commander';
import { registerApiserverCommand } from './apiserver.ts';
import { registerApiserverAdminCommands } from './apiserver-admin.ts';
import { registerPolicyCommand } from './policy.ts';
import { registerUpCommand } from './up.ts';
import { registerInitCommand } from './init.ts';
import { registerJoinCommand, registerAgentCommand } from './agent.ts';
import { registerAcceptCommand } from './accept.ts';
import { registerGetCommand } from './get.ts';
import { registerHubCommand } from './hub.ts';

export function buildProgram(): Command {
  const program = new Command('ocm')
    .description('Open Cluster Management in TypeScript: hub, agents, policy engine and an embedded API server')
    .version('0.1.0');
  registerApiserverCommand(program);
  registerApiserverAdminCommands(program.commands.find((c) => c.name() === 'apiserver')!);
  registerPolicyCommand(program);
  registerUpCommand(program);
  registerInitCommand(program);
  registerJoinCommand(program);
  registerAcceptCommand(program);
  registerGetCommand(program);
  registerHubCommand(program);
  registerAgentCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  await buildProgram().parseAsync(argv);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
