// A stand-in for Amplify's deployer, loaded by ampdeck's real driver (AMPDECK_DRIVER_STUB):
// it says what the real one says, in the same order, and does what `stub-mode` in the
// project folder asks: ok, fail, hang (for cancel), crash, refuse to load, or fallback (a
// hotswap attempt the toolkit gives up on, its messages shaped as `@aws-cdk/toolkit-lib`
// 1.32's `HotswapDeploymentAttempt` and `HotswapResult`).
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const mode = () => {
  try {
    return readFileSync('stub-mode', 'utf8').trim();
  } catch {
    return 'ok';
  }
};

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const event = (status, done) => ({
  StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/amplify-app-root-sandbox-1496b9051c/1',
  EventId: `e-${done}-${status}`,
  StackName: 'amplify-app-root-sandbox-1496b9051c',
  LogicalResourceId: 'sayhelloLambda',
  PhysicalResourceId: 'say-hello-fn',
  ResourceType: 'AWS::Lambda::Function',
  Timestamp: new Date(),
  ResourceStatus: status,
});

export const load = async (ioHost) => {
  if (mode() === 'refuse') {
    throw new Error('Cannot find package @aws-amplify/backend-deployer');
  }
  return {
    versions: { deployer: 'stub-1.0.0' },
    deploy: async (backend, express) => {
      const say = (code, message, level = 'info', data) => ioHost.notify({ code, message, level, action: 'amplify', time: new Date(), data });
      // What it was asked for, for the test to read.
      writeFileSync('stub-express', String(Boolean(express)));
      await say('SYNTH_STARTED', 'Backend synthesis started');
      // Like the CDK toolkit: synthesis refuses while any reader holds the assembly, and the
      // synthesized assembly holds a read lock until disposed of, which Amplify's deployer
      // does only around the deployment itself.
      const dir = '.amplify/artifacts/cdk.out';
      mkdirSync(dir, { recursive: true });
      const readers = readdirSync(dir).filter((n) => n.startsWith('read.') && alive(Number(n.split('.')[1])));
      if (readers.length > 0) {
        const error = new Error(`Other CLIs (PID=${readers[0].split('.')[1]}) are currently reading from ${dir}`);
        error.name = 'MultipleSandboxInstancesError';
        throw error;
      }
      const lock = `${dir}/read.${process.pid}.1.lock`;
      writeFileSync(lock, '');
      await say('SYNTH_FINISHED', 'Backend synthesized in 0.01 seconds', 'result');
      await say('TS_STARTED', 'Backend type checks started');
      const m = mode();
      if (m === 'hang') {
        console.error('stub: hanging until cancelled');
        await new Promise(() => setInterval(() => {}, 1000));
      }
      if (m === 'crash') {
        console.error('stub: about to crash');
        process.exit(9);
      }
      try {
        return await deployment(say, m);
      } finally {
        rmSync(lock, { force: true });
      }
    },
    writeOutputs: async () => ['amplify_outputs.json'],
    // The warm-up synthesis: it says what a synthesis says (the driver must not pass that
    // on as a deploy's) and counts itself, for the test to read.
    synth: async (backend) => {
      await ioHost.notify({ code: 'SYNTH_STARTED', message: 'Backend synthesis started', level: 'info', action: 'amplify', time: new Date() });
      await new Promise((resolve) => setTimeout(resolve, 200));
      appendFileSync('stub-synths', `${backend.namespace}-${backend.name}\n`);
    },
  };
};

// The toolkit's payloads carry the whole stack artifact (large, and circular): the driver must
// forward only what says why.
const artifact = () => {
  const stack = { stackName: 'amplify-app-root-sandbox-1496b9051c', template: { Resources: {} } };
  stack.assembly = { stacks: [stack] };
  return stack;
};

const fallback = async (say) => {
  const stack = artifact();
  await say('CDK_TOOLKIT_I5400', 'Starting hotswap-deployment ...', 'trace', { stack, mode: 'fall-back' });
  const nonHotswappableChanges = [
    {
      hotswappable: false,
      subject: {
        type: 'Resource',
        logicalId: 'sayhelloLambda5A2A8F6A',
        resourceType: 'AWS::Lambda::Function',
        rejectedProperties: ['Timeout'],
        metadata: { constructPath: 'amplify-app-root-sandbox/function/say-hello', entry: { type: 'aws:cdk:logicalId', data: stack } },
      },
      reason: 'properties',
      description: "resource properties 'Timeout' are not hotswappable on this resource type",
    },
  ];
  await say('CDK_TOOLKIT_I5410', '\n✨  hotswap-deployment time: 0.41s\n', 'info', {
    stack,
    mode: 'fall-back',
    duration: 410,
    hotswapped: false,
    hotswapFallback: true,
    hotswappableChanges: [],
    nonHotswappableChanges,
  });
  await ioHostSay(say, 'Falling back to doing a full deployment');
};

// The toolkit's default messages have no code.
const ioHostSay = (say, message) => say(undefined, message);

const deployment = async (say, m) => {
      if (m === 'fallback') {
        await fallback(say);
      }
      await say('CDK_TOOLKIT_I5100', 'amplify-app-root-sandbox-1496b9051c: deploying... [1/1]');
      await say('CDK_TOOLKIT_I5502', 'sayhelloLambda | 1/2 | UPDATE_IN_PROGRESS', 'info', { event: event('UPDATE_IN_PROGRESS', 1), progress: { completed: 1, total: 2 } });
      if (m === 'fail') {
        const error = new Error('DeployStackFailed: ❌  amplify-app-root-sandbox-1496b9051c failed: NoSuchBucket: The specified bucket does not exist');
        error.name = 'UnknownFault';
        error.cause = new Error('[DeployStackFailed] NoSuchBucket');
        throw error;
      }
      await say('CDK_TOOLKIT_I5502', 'sayhelloLambda | 2/2 | UPDATE_COMPLETE', 'info', { event: event('UPDATE_COMPLETE', 2), progress: { completed: 2, total: 2 } });
      await say('CDK_TOOLKIT_I5900', ' ✅  amplify-app-root-sandbox-1496b9051c', 'result');
      return { deploymentTimes: { synthesisTime: 0.01, totalTime: 0.02 } };
};
