// Exercises the generated TypeScript client (openapi-generator, typescript-fetch) against a running InitAudit:
// audit an example, fetch the stored report, submit a trial and poll it to the end.
//   ClientsIntegrationTests compiles it with the generated sources (tsc, CommonJS) and runs it with node:
//   node client-check.js http://localhost:8080 /path/to/examples [API_KEY]
import { readFileSync } from 'fs';
import { join } from 'path';
import { AuditsApi, Configuration, DiscoveryApi, ModelDescriptionFromJSON, TrialRequestFromJSON, TrialsApi } from './src';

async function main(): Promise<void> {
  const [base, examples, key] = process.argv.slice(2);
  const config = new Configuration({ basePath: base, apiKey: key });
  if (key) {
    // A service with keys refuses a client without one.
    const refused = await new DiscoveryApi(new Configuration({ basePath: base })).listExamples().then(() => null, (e) => e);
    if (refused?.response?.status !== 401) throw new Error(`expected 401 without the key, got ${refused?.response?.status ?? 'success'}`);
  }
  const list = await new DiscoveryApi(config).listExamples();
  if (!list.some((e) => e.name === 'convnext-block')) throw new Error('no convnext-block example');

  // Model files are in the API's JSON spelling (in_channels …): FromJSON turns them into the client's objects.
  const model = ModelDescriptionFromJSON(JSON.parse(readFileSync(join(examples, 'convnext-block.json'), 'utf8')));
  const report = await new AuditsApi(config).audit({ modelDescription: model });
  const codes = new Set(report.layers.flatMap((l) => l.parameters.flatMap((p) => p.findings.map((f) => f.code))));
  if (report.verdict !== 'fail' || !codes.has('FAN_OUT_IGNORES_GROUPS')) throw new Error(`unexpected report ${report.verdict} ${[...codes]}`);
  const stored = await new AuditsApi(config).getAudit({ id: report.id });
  if (stored.id !== report.id) throw new Error('stored report differs');

  const bars = JSON.parse(readFileSync(join(examples, 'bars-cnn.json'), 'utf8'));
  const trials = new TrialsApi(config);
  const submitted = await trials.submitTrial({
    trialRequest: TrialRequestFromJSON({
      model: bars,
      task: { kind: 'synthetic-bars', classes: 10, samples: 256, seed: 1 },
      optimizer: { name: 'adam', learningRate: 0.003 },
      steps: 5, batchSize: 16, seed: 2,
    }),
  });
  let trial = submitted;
  for (let i = 0; i < 600 && (trial.status === 'queued' || trial.status === 'running'); i++) {
    await new Promise((r) => setTimeout(r, 200));
    trial = await trials.getTrial({ id: submitted.id });
  }
  if (trial.status !== 'succeeded') throw new Error(`trial ${trial.status}: ${trial.error}`);
  console.log(`typescript client: audit ${report.id} verdict ${report.verdict}; trial ${trial.id} ${trial.status} on ${trial.device}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
