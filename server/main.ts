import { settingsFromEnv } from './settings';
import { startServer } from './app';
import { lanUrls } from './lanUrls';
import { installProcessGuards } from './processGuards';

const settings = settingsFromEnv();
try {
  const server = await startServer(settings);
  installProcessGuards(server.app.log);
  const urls = lanUrls(settings.host, server.port);
  server.app.log.info({ urls, dataDir: settings.dataDir }, 'Power Up is running');
  process.stdout.write(`\nPower Up is running. Open one of:\n${urls.map((u) => `  ${u}`).join('\n')}\n\n`);
  const shutdown = async () => {
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (err) {
  process.stderr.write(`Power Up could not start: ${(err as Error).message}\n`);
  process.exit(1);
}
