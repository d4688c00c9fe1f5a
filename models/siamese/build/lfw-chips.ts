// npm run siamese:chips -- [--pairs <pairsDevTrain.txt>] [--images <folder>] [--out <dir>] [--min-images 2] [--parity 64]
//
// Aligned 150x150 face chips made by the PRODUCT pipeline (decode -> detect -> pickFace -> align,
// functions/src/pipeline/face, exactly as faces:eval embeds them) for the people of an LFW-format
// pairs file who have at least --min-images images in the folder: the training set of the encoder
// fine-tune (models/siamese/train/finetune_lfw.py). Written outside the repo (default
// .cache/siamese/lfw-devtrain, git-ignored) as
//   chips.u8      N x 150 x 150 x 3 uint8 RGB (HWC), the chips rounded to integers
//   index.json    [{ file, person }] in the same order, and the images without a face
//   parity.f32    the first --parity chips' embeddings by the fp32 ONNX encoder (no flip), N x 128,
//                 computed from the rounded chips, for the PyTorch re-implementation's parity check
// DevTest images are never read.
import { mkdirSync, readFileSync, readdirSync, writeFileSync, createWriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { decodeImage } from '../../../functions/src/image';
import { initNodeImageCodecs } from '../../../functions/src/image/node-codecs';
import { ANALYSIS_MAX_SIDE, alignFace, detectFaces, embedChips, pickFace } from '../../../functions/src/pipeline/face';
import { REPO_ROOT } from '../../faces/build/paths.ts';
import { evaluationRuntime, progressPrinter, resolveEncoder } from '../../faces/eval/embed-set.ts';
import { parsePairs } from '../../faces/eval/pairs.ts';

const LFW = join(REPO_ROOT, '..', 'shared', 'data', 'faces', 'lfw-view1');

async function main() {
  const { values } = parseArgs({
    options: {
      pairs: { type: 'string', default: join(LFW, 'pairsDevTrain.txt') },
      images: { type: 'string', default: join(LFW, 'images') },
      out: { type: 'string', default: join(REPO_ROOT, '.cache', 'siamese', 'lfw-devtrain') },
      'min-images': { type: 'string', default: '2' },
      parity: { type: 'string', default: '64' },
    },
  });
  const minImages = Number(values['min-images']);
  const { pairs } = parsePairs(readFileSync(resolve(values.pairs!), 'utf8'));
  const people = [...new Set(pairs.flatMap((p) => [p.a.name, p.b.name]))].sort();
  const root = resolve(values.images!);
  const files: { file: string; person: string }[] = [];
  for (const person of people) {
    const fs = readdirSync(join(root, person))
      .filter((f) => /\.(jpe?g|png|webp)$/i.test(f))
      .sort();
    if (fs.length >= minImages) for (const f of fs) files.push({ file: `${person}/${f}`, person });
  }
  const out = resolve(values.out!);
  mkdirSync(out, { recursive: true });
  console.log(
    `siamese:chips: ${people.length} people in ${values.pairs}; ${new Set(files.map((f) => f.person)).size} with >= ${minImages} images, ${files.length} images -> ${out}`,
  );
  initNodeImageCodecs();
  const fp32 = evaluationRuntime(resolveEncoder('fp32'));
  const stream = createWriteStream(join(out, 'chips.u8'));
  const kept: { file: string; person: string }[] = [];
  const noFace: string[] = [];
  const parity: Float32Array[] = [];
  const progress = progressPrinter('siamese:chips');
  let done = 0;
  for (const f of files) {
    const { image } = await decodeImage(new Uint8Array(readFileSync(join(root, f.file))), { maxSide: ANALYSIS_MAX_SIDE });
    const faces = await detectFaces(fp32, image);
    const pick = pickFace(faces);
    progress(++done, files.length);
    if ('error' in pick) {
      noFace.push(f.file);
      continue;
    }
    const { chip } = alignFace(image, faces[pick.index]);
    const u8 = Uint8Array.from(chip, (v) => Math.max(0, Math.min(255, Math.round(v))));
    if (!stream.write(u8)) await new Promise((r) => stream.once('drain', r));
    if (parity.length < Number(values.parity)) {
      const [e] = await embedChips(fp32, [Float32Array.from(u8)], { flip: false });
      parity.push(e);
    }
    kept.push(f);
  }
  await new Promise<void>((r) => stream.end(r));
  const pf = new Float32Array(parity.length * 128);
  parity.forEach((e, i) => pf.set(e, i * 128));
  writeFileSync(join(out, 'parity.f32'), Buffer.from(pf.buffer));
  writeFileSync(
    join(out, 'index.json'),
    JSON.stringify(
      { pairs: resolve(values.pairs!), images: root, chip: [150, 150, 3], parity: parity.length, files: kept, noFace },
      null,
      1,
    ),
  );
  console.log(`wrote ${kept.length} chips (${noFace.length} images without a face), ${parity.length} fp32 parity embeddings`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
