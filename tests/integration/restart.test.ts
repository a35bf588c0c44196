import { describe, it, expect } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnServer, killHard, freePort } from '../support/childServer';
import { createHostedSession, joinAs, command, hostView, teamView, openVote } from '../support/flows';
import { ProtocolClient } from '../../scripts/bots/protocolClient';

describe('durability', () => {
  it('keeps every acknowledged vote when the server is SIGKILLed mid-round and restarted', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'powerup-kill-'));
    const port = await freePort();
    let server = await spawnServer({ port, dataDir });
    try {
      const host = await createHostedSession(server.url, { decideSeconds: 120 });
      const players = await Promise.all(Array.from({ length: 8 }, (_, i) => joinAs(server.url, host.code, `P${i}`)));
      await command(host, { type: 'startRound' });
      await openVote(host);
      await Promise.all(players.map((p) => p.client.until((c) => teamView(c)?.phase === 'deciding')));
      const acked = new Map<string, string>();
      await Promise.all(players.map(async (p) => {
        const option = teamView(p.client).card!.options.find((o) => o.team === p.team && !o.wait)!;
        const r = await p.client.request('participant:choose', { optionId: option.id });
        if (r.ok) acked.set(p.participantId, option.id);
      }));
      expect(acked.size).toBe(8);
      const deadlineBefore = hostView(host).timer.deadline!;
      const remainingBefore = deadlineBefore - Date.now();

      await killHard(server.child);
      server = await spawnServer({ port, dataDir });

      // Clients come back by themselves (socket.io reconnects); they rejoin with their tokens.
      const host2 = new ProtocolClient(server.url);
      const attached = await host2.request('host:attach', { code: host.code, hostKey: host.hostKey });
      expect(attached.ok).toBe(true);
      if (!attached.ok) return;
      expect(attached.view.phase).toBe('deciding');
      for (const [id, option] of acked) expect(attached.view.round!.choices[id]).toBe(option);
      // The timer was re-armed with (about) the time that was left, not counted down while the server was gone.
      const remainingAfter = attached.view.timer.deadline! - Date.now();
      expect(remainingAfter).toBeGreaterThan(remainingBefore - 5_000);
      const p0 = new ProtocolClient(server.url);
      const re = await p0.request('participant:rejoin', { code: host.code, token: players[0].token });
      expect(re.ok && re.me.myChoice).toBe(acked.get(players[0].participantId));
      for (const p of players) p.client.close();
      host.client.close();
      host2.close();
      p0.close();
    } finally {
      await killHard(server.child);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
