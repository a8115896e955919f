import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirLockedError } from './errors.ts';
import { lockDataDir } from './lock.ts';
import { tempDir } from '../../tests/support/temp-dir.ts';

describe('the data dir lock', () => {
  it('refuses a second writer with a message naming the holder', () => {
    const dir = tempDir('lock');
    const lock = lockDataDir(dir, 'egret sync');
    try {
      expect(() => lockDataDir(dir, 'egret serve')).toThrow(DataDirLockedError);
      expect(() => lockDataDir(dir, 'egret serve')).toThrow(new RegExp(`process ${process.pid} \\(egret sync`));
    } finally {
      lock.release();
    }
    lockDataDir(dir, 'egret serve').release();
  });

  it('takes over a lock left by a killed process', async () => {
    const dir = tempDir('lock');
    // A child that writes a lock naming itself, then is killed with SIGKILL.
    const child = spawn(process.execPath, [
      '-e',
      `require('fs').writeFileSync(${JSON.stringify(join(dir, 'writer.lock'))}, JSON.stringify({pid: process.pid, host: require('os').hostname(), command: 'egret sync', since: 'x'})); console.log('locked'); setInterval(() => {}, 1000);`,
    ]);
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    expect(() => lockDataDir(dir, 'egret serve')).toThrow(DataDirLockedError);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const lock = lockDataDir(dir, 'egret serve');
    expect(JSON.parse(readFileSync(join(dir, 'writer.lock'), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });
});
