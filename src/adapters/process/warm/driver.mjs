// ampdeck's warm deploy driver. ampdeck writes this file to the project's `.amplify/` folder
// and runs it with the project's own Node.js modules, so each deploy skips the cold start of
// `ampx` (module loading, first synthesis) and the type check ampdeck already ran.
//
// Protocol, one JSON object per line.
//   in:  {"op":"deploy","id":N,"backend":{namespace,name,type},"gate":bool,"express":bool,"outputs":{dir,version}}
//        {"op":"release","id":N,"proceed":bool,"reason":"..."}   the type check's verdict
//        {"op":"warm","backend":{...}}   synthesize once, deploy nothing: the first save is warm
//        {"op":"quit"}
//   out: {"type":"ready",...versions}  {"type":"unavailable","reason":"..."} (then exit 3)
//        {"type":"message","id":N,code,message,level,action,event?,progress?,hotswap?}  (CDK toolkit)
//        {"type":"done","id":N,"ok":true,...} | {"type":"done","id":N,"ok":false,"error":{...}}
//        {"type":"recycle","grown_mb":N,"deploys":N}  (then exit 0: idle, replace me)
// Cancelling is ampdeck ending this process group: CloudFormation calls cannot be withdrawn
// from inside a running toolkit deploy, and a fresh process is the only clean state.
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';

// Amplify's CLI refuses to load without it; npx sets it for ampx.
process.env.npm_config_user_agent ??= `npm/10 node/${process.version}`;

const send = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);
// Whatever prints to stdout besides us (a backend's console.log during synth) must not break
// the protocol: it goes to stderr, which ampdeck shows as plain output.
console.log = (...args) => console.error(...args);

const gates = new Map();
let current = null;

const gateFor = (id) => {
  if (!gates.has(id)) {
    let settle;
    const verdict = new Promise((resolve) => (settle = resolve));
    gates.set(id, { verdict, settle });
  }
  return gates.get(id);
};

// ampx's normal level: no SDK call traces, no code-less debug lines ("Retrieved account ID").
const isChatter = (msg, data) =>
  !data.event &&
  !data.progress &&
  (msg.code === 'CDK_SDK_I0100' || (!msg.code && (msg.level === 'debug' || msg.level === 'trace')));

// The toolkit's hotswap details and result (CDK_TOOLKIT_I5401, I5410) say which changes could
// not be hotswapped and why. Only those fields travel: the payload also holds the whole stack
// artifact and every resource's old and new values.
const hotswapOf = (data) => {
  if (!Array.isArray(data.nonHotswappableChanges)) {
    return undefined;
  }
  return {
    hotswapped: data.hotswapped === true,
    hotswapFallback: data.hotswapFallback === true,
    nonHotswappableChanges: data.nonHotswappableChanges.slice(0, 50).map((change) => ({
      subject: {
        type: change?.subject?.type,
        logicalId: change?.subject?.logicalId,
        resourceType: change?.subject?.resourceType,
        rejectedProperties: change?.subject?.rejectedProperties,
      },
      reason: change?.reason,
      description: change?.description,
    })),
  };
};

const ioHost = {
  notify: async (msg) => {
    if (current?.warming) {
      return;
    }
    const id = current?.id ?? null;
    const data = msg.data && typeof msg.data === 'object' ? msg.data : {};
    if (isChatter(msg, data)) {
      return;
    }
    const hotswap = hotswapOf(data);
    send({
      type: 'message',
      id,
      code: msg.code ?? '',
      message: typeof msg.message === 'string' ? msg.message : String(msg.message ?? ''),
      level: msg.level,
      action: msg.action,
      ...(data.event ? { event: data.event } : {}),
      ...(data.progress ? { progress: data.progress } : {}),
      ...(hotswap ? { hotswap } : {}),
    });
    // Amplify's deployer announces its type check between synthesis and deployment: that is
    // where ampdeck's own check, running since the save, gives its verdict.
    if (msg.code === 'TS_STARTED' && current?.gate) {
      const { proceed, reason } = await gateFor(current.id).verdict;
      if (!proceed) {
        const error = new Error(reason || 'TypeScript validation check failed.');
        error.name = 'SyntaxError';
        error.resolution = 'Fix the syntax and type errors in your backend definition.';
        throw error;
      }
    }
  },
  requestResponse: async (msg) => {
    await ioHost.notify(msg);
    return msg.defaultResponse;
  },
};

const load = async () => {
  const stub = process.env.AMPDECK_DRIVER_STUB;
  if (stub) {
    return (await import(path.resolve(stub))).load(ioHost);
  }
  const projectRequire = createRequire(path.join(process.cwd(), 'package.json'));
  const importFromProject = async (name) => import(projectRequire.resolve(name));
  // Read from disk: packages whose `exports` hide their package.json.
  const version = (name) => {
    try {
      return JSON.parse(readFileSync(path.join(process.cwd(), 'node_modules', name, 'package.json'), 'utf8')).version;
    } catch {
      return undefined;
    }
  };
  const { BackendDeployerFactory } = await importFromProject('@aws-amplify/backend-deployer');
  const { PackageManagerControllerFactory, format } = await importFromProject('@aws-amplify/cli-core');
  const factory = new BackendDeployerFactory(
    new PackageManagerControllerFactory(process.cwd()).getPackageManagerController(),
    format,
    ioHost,
    () => process.env.AWS_PROFILE,
  );
  const deployer = factory.getInstance();
  const deployerEntry = projectRequire.resolve('@aws-amplify/backend-deployer');
  forgetAssets = rememberPublishedAssets(deployerEntry);
  const secrets = await secretsReader(importFromProject);
  const outputs = await outputsWriter(importFromProject);
  return {
    versions: { deployer: version('@aws-amplify/backend-deployer'), backendCli: version('@aws-amplify/backend-cli') },
    deploy: async (backend, express) =>
      deployer.deploy(backend, { validateAppSources: false, secretLastUpdated: await secrets(backend), ...(express ? { express: true } : {}) }),
    writeOutputs: outputs,
    synth: synthesizer(deployer, deployerEntry),
  };
};

// The deployer's own synthesis, without its deployment: what makes the first deploy of a
// fresh process take 6-8 s instead of 2 (module loading, tsx, the JIT) is paid while idle.
// Its internals are reached by name; a deployer without them is simply not warmed.
const synthesizer = (deployer, deployerEntry) => {
  let strategy;
  try {
    strategy = createRequire(deployerEntry)('@aws-cdk/toolkit-lib').StackSelectionStrategy?.ALL_STACKS;
  } catch {
    return undefined;
  }
  if (!strategy || typeof deployer.getCdkCloudAssembly !== 'function' || !deployer.cdkToolkit?.synth) {
    return undefined;
  }
  return async (backend) => {
    const source = await deployer.getCdkCloudAssembly(backend);
    const assembly = await deployer.cdkToolkit.synth(source, { stacks: { strategy } });
    await assembly?.dispose?.();
  };
};

// Before every deploy the toolkit asks S3 whether each asset is already published: 40 requests
// on the sample app, 0.3-0.5 s of every save. An asset whose key is its content hash and that
// this process saw published is still there; it is not asked again. A failed deploy forgets
// them all (the bucket may have been emptied), and keys not made of the hash are always asked.
let forgetAssets = () => {};
const rememberPublishedAssets = (deployerEntry) => {
  try {
    const toolkit = createRequire(deployerEntry).resolve('@aws-cdk/toolkit-lib/package.json');
    const file = path.join(path.dirname(toolkit), 'lib/api/deployments/deployments.js');
    const proto = createRequire(toolkit)(file).Deployments?.prototype;
    if (typeof proto?.isSingleAssetPublished !== 'function' || typeof proto?.publishSingleAsset !== 'function') {
      return () => {};
    }
    const known = new Set();
    const keyOf = (asset) => {
      const hash = asset?.id?.assetId;
      const where = asset?.destination ?? {};
      const named = [where.objectKey, where.imageTag].some((k) => typeof k === 'string' && hash && k.includes(hash));
      return named ? JSON.stringify([hash, where]) : undefined;
    };
    const isPublished = proto.isSingleAssetPublished;
    proto.isSingleAssetPublished = async function (manifest, asset, options) {
      const key = keyOf(asset);
      if (key && known.has(key)) {
        return true;
      }
      const published = await isPublished.call(this, manifest, asset, options);
      if (published && key) {
        known.add(key);
      }
      return published;
    };
    const publish = proto.publishSingleAsset;
    proto.publishSingleAsset = async function (manifest, asset, options) {
      await publish.call(this, manifest, asset, options);
      const key = keyOf(asset);
      if (key) {
        known.add(key);
      }
    };
    return () => known.clear();
  } catch {
    return () => {};
  }
};

// Like ampx: a secret changed since the last deploy must reach the functions that read it.
const secretsReader = async (importFromProject) => {
  try {
    const { getSecretClient } = await importFromProject('@aws-amplify/backend-secret');
    const client = getSecretClient();
    return async (backend) => {
      try {
        const times = (await client.listSecrets(backend)).map((s) => s.lastUpdated?.getTime() ?? 0);
        const latest = Math.max(0, ...times);
        return latest > 0 ? new Date(latest) : undefined;
      } catch {
        return undefined;
      }
    };
  } catch {
    return async () => undefined;
  }
};

// Like ampx: a deploy that succeeded refreshes amplify_outputs.json.
const outputsWriter = async (importFromProject) => {
  try {
    const { generateClientConfigToFile, DEFAULT_CLIENT_CONFIG_VERSION } = await importFromProject('@aws-amplify/client-config');
    const { S3Client } = await importFromProject('@aws-sdk/client-s3');
    const { AmplifyClient } = await importFromProject('@aws-sdk/client-amplify');
    const { CloudFormationClient } = await importFromProject('@aws-sdk/client-cloudformation');
    const [s3, amplify, cfn] = [new S3Client(), new AmplifyClient(), new CloudFormationClient()];
    const clients = { getS3Client: () => s3, getAmplifyClient: () => amplify, getCloudFormationClient: () => cfn };
    return async (backend, outputs) => {
      const { filesWritten } = await generateClientConfigToFile(
        backend,
        outputs.version ?? DEFAULT_CLIENT_CONFIG_VERSION,
        outputs.dir,
        undefined,
        clients,
      );
      return filesWritten;
    };
  } catch {
    return undefined;
  }
};

// The whole cause chain: Amplify wraps the useful message several levels deep.
const causes = (error) => {
  const chain = [];
  for (let cause = error?.cause; cause && chain.length < 5; cause = cause.cause) {
    chain.push(cause.name && cause.name !== 'Error' ? `[${cause.name}] ${cause.message}` : String(cause.message ?? cause));
  }
  return chain.join(' ∟ ');
};

const describeError = (error) => ({
  name: error?.name ?? 'Error',
  message: error?.message ?? String(error),
  resolution: error?.resolution,
  details: error?.details,
  cause: causes(error),
});

// Amplify's deployer disposes of its synthesized assembly only around the deployment itself:
// stopped before it (a type error, like its own type check), the assembly's read lock stays,
// and every later deploy of this process fails with MultipleSandboxInstancesError. Deploys
// run one at a time, so after a failure no lock of this process is still in use.
const releaseReadLocks = () => {
  const dir = path.join(process.cwd(), '.amplify', 'artifacts', 'cdk.out');
  try {
    for (const name of readdirSync(dir)) {
      if (name.startsWith(`read.${process.pid}.`) && name.endsWith('.lock')) {
        rmSync(path.join(dir, name), { force: true });
      }
    }
  } catch {
    // No assembly directory: nothing was locked.
  }
};

// Each synthesis imports the backend's modules afresh (tsx's tsImport) and Node never unloads
// an ES module: the heap grows with every deploy, about 7 MiB on the sample app. Past this
// much above its size after the first synthesis, the driver asks, while idle, to be replaced.
const RECYCLE_MB = Number(process.env.AMPDECK_DRIVER_RECYCLE_MB ?? 128);
const heap = { baseline: undefined, deploys: 0, pending: 0 };
const heapMb = () => process.memoryUsage().heapUsed / 1048576;
const collected = () => {
  globalThis.gc?.();
  return heapMb();
};

// Only a heap that looks grown is collected to be sure: a forced collection after every
// deploy would cost the next synthesis its warm heap.
const recycleIfGrown = () => {
  if (heap.pending > 0) {
    return;
  }
  heap.baseline ??= collected();
  if (heapMb() - heap.baseline < RECYCLE_MB) {
    return;
  }
  const grown = collected() - heap.baseline;
  if (grown >= RECYCLE_MB) {
    send({ type: 'recycle', grown_mb: Math.round(Math.max(0, grown)), deploys: heap.deploys });
    process.exit(0);
  }
};

const warm = async (driver, request) => {
  if (!driver.synth || heap.deploys > 0) {
    return;
  }
  current = { warming: true };
  try {
    await driver.synth(request.backend);
  } catch {
    // The deploy that follows reports whatever is wrong with the backend.
    releaseReadLocks();
  } finally {
    current = null;
    heap.baseline ??= collected();
  }
};

const deploy = async (driver, request) => {
  current = { id: request.id, gate: Boolean(request.gate) };
  const started = Date.now();
  try {
    const result = await driver.deploy(request.backend, Boolean(request.express));
    let files;
    if (request.outputs && driver.writeOutputs) {
      try {
        files = await driver.writeOutputs(request.backend, request.outputs);
      } catch (error) {
        await ioHost.notify({ code: 'OUTPUTS_FAILED', level: 'warn', message: `amplify_outputs.json was not written: ${error?.message}` });
      }
    }
    send({ type: 'done', id: request.id, ok: true, seconds: (Date.now() - started) / 1000, times: result?.deploymentTimes, files });
  } catch (error) {
    releaseReadLocks();
    forgetAssets();
    send({ type: 'done', id: request.id, ok: false, seconds: (Date.now() - started) / 1000, error: describeError(error) });
  } finally {
    gates.delete(request.id);
    current = null;
    heap.deploys += 1;
    heap.pending -= 1;
    recycleIfGrown();
  }
};

const main = async () => {
  let driver;
  try {
    driver = await load();
  } catch (error) {
    send({ type: 'unavailable', reason: `${error?.name ?? 'Error'}: ${error?.message ?? error}` });
    process.exit(3);
  }
  send({ type: 'ready', node: process.version, ...driver.versions });
  // Deploys run one at a time, in order; verdicts arrive while one runs.
  let queue = Promise.resolve();
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    let request;
    try {
      request = JSON.parse(line);
    } catch {
      return;
    }
    if (request.op === 'deploy') {
      heap.pending += 1;
      queue = queue.then(() => deploy(driver, request));
    } else if (request.op === 'warm') {
      queue = queue.then(() => warm(driver, request));
    } else if (request.op === 'release') {
      gateFor(request.id).settle({ proceed: Boolean(request.proceed), reason: request.reason });
    } else if (request.op === 'quit') {
      process.exit(0);
    }
  });
  // ampdeck went away: so does the driver.
  lines.on('close', () => process.exit(0));
};

process.on('unhandledRejection', (error) => {
  send({ type: 'crash', reason: describeError(error) });
  process.exit(4);
});

main();
