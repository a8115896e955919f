export * from './contract.ts';
export * from './errors.ts';
export * from './wire.ts';
export * from './commands.ts';
export * from './rules.ts';
export * from './workspace.ts';
