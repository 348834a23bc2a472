import { type DoctorReport, runDoctor } from '@agnes-errors/cli';
import { startMockAgnes } from '@agnes-errors/testing';

const goodKey = 'sk-demodoctor0000000000000000000000000000000';
const revokedKey = 'sk-demorevoked000000000000000000000000000000';

/** One doctor run of the tour: the key it used, what doctor found, and whether that was expected. */
export interface DoctorStop {
  readonly title: string;
  readonly report: DoctorReport;
  readonly ok: boolean;
}

/** `agnes-errors doctor` against the mock server: once with a revoked key, once with a good one. */
export async function* runDoctorStops(): AsyncGenerator<DoctorStop> {
  const mock = await startMockAgnes({
    auth: [goodKey, revokedKey],
    refusedKeys: [revokedKey],
    modelsByKey: { [goodKey]: ['agnes-2.5-flash', 'agnes-2.5-pro', 'agnes-3.0-flash'] },
    rpm: 20,
    limitHeaders: true,
  });
  try {
    const env = { AGNES_BASE_URL: mock.baseURL };
    const broken = await runDoctor({
      env: { ...env, AGNES_API_KEY: revokedKey },
      model: 'agnes-2.5-flash',
      timeoutMs: 3000,
    });
    const refused = broken.steps.find((step) => step.id === 'models');
    yield {
      title: 'doctor, revoked key: GET /v1/models refused (401), later steps skipped',
      report: broken,
      ok: !broken.ok && refused?.status === 'fail' && refused.data?.reason === 'invalid_api_key',
    };
    const good = await runDoctor({
      env: { ...env, AGNES_API_KEY: goodKey },
      model: 'agnes-2.5-flsh',
      timeoutMs: 3000,
    });
    const model = good.steps.find((step) => step.id === 'model');
    yield {
      title: 'doctor, good key: key accepted, 3 models, --model agnes-2.5-flsh -> closest agnes-2.5-flash',
      report: good,
      ok:
        good.steps.find((step) => step.id === 'models')?.status === 'pass' &&
        model?.status === 'fail' &&
        model.fix === 'use agnes-2.5-flash',
    };
  } finally {
    await mock.close();
  }
}
