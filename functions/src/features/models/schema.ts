// The models feature's JSON: GET /v1/models, the model files this deployment runs, for running the
// same pipeline on the caller's own device (a browser, a phone app), as zod schemas and the type
// derived from them.
import { z } from '@hono/zod-openapi';
import { servedFaces } from '../../pipeline/face/served';

/** Cache lifetime of the listing itself; the files it points to are immutable. */
export const MODEL_LIST_MAX_AGE = 300;

const Sha256Schema = z
  .string()
  .regex(/^[0-9a-f]{64}$/)
  .openapi({
    description: 'SHA-256 of the file (lowercase hex). Check it before use: the bytes are exactly the ones the Worker runs.',
    example: '8ca17c7fd4bbb0889eab457b5f48185e298ae7c78f3077f45104d896ae02dd7c',
  });

const UrlSchema = z.string().openapi({
  description:
    "Where the file is: a path on this deployment's origin (the site and /v1 share it), content-addressed (the name carries the SHA-256), " +
    'so it never changes: served with `Cache-Control: public, max-age=31536000, immutable` and `Access-Control-Allow-Origin: *`.',
  example: '/models/dlib-face-encoder.8ca17c7fd4bbb0889eab457b5f48185e298ae7c78f3077f45104d896ae02dd7c.onnx',
});

/** The manifest's free-form descriptions (inputs, outputs, source, ...): objects of strings and nested objects. */
const Described = z.record(z.string(), z.unknown());

export const ModelHeadSchema = z
  .object({
    url: UrlSchema.openapi({
      example: '/models/dlib-face-encoder.head.0867f9634760efcb6f701a8b547923c69dc74d2b285b906c82850c2f4c2bfadb.json',
    }),
    sha256: Sha256Schema.openapi({ example: '0867f9634760efcb6f701a8b547923c69dc74d2b285b906c82850c2f4c2bfadb' }),
    bytes: z.number().int().openapi({ example: 7855 }),
    metric: z.literal('euclidean').openapi({ description: 'Embeddings are compared by Euclidean distance.' }),
    threshold: z.number().openapi({
      description: 'Same person when the distance is at or below it (the /v1/verify decision).',
      example: servedFaces.head.threshold,
    }),
    flip: z.boolean().openapi({
      description:
        "Whether an embedding is the mean of the chip's and its mirror image's embeddings (two encoder runs per face), as the head was fitted and the server embeds; an on-device embedding must be made the same way to match.",
      example: servedFaces.embedOptions.flip === true,
    }),
    embedding_size: z.number().int().openapi({ example: servedFaces.embeddingSize }),
  })
  .openapi('ModelHead', {
    description:
      'The served face encoder only: its verification head (a JSON file: threshold, a logistic calibration of P(same) over the absolute differences of the two embeddings, and the open-set table identify uses).',
  });

export const ModelAssetSchema = z
  .object({
    id: z.string().openapi({ description: 'The manifest id, as /v1/health and answers name the model.', example: 'dlib-face-encoder' }),
    version: z.string().openapi({ example: '2' }),
    task: z.string().openapi({
      description: 'What the model does: face-detection, face-embedding, image-quality or style-transfer (one model per task).',
      example: 'face-embedding',
    }),
    description: z.string(),
    licence: z.string().openapi({ description: "The weights' licence and origin; it applies to your use of the file." }),
    source: Described.openapi({ description: 'Where the weights come from and how the file was built.' }),
    sha256: Sha256Schema,
    bytes: z.number().int().openapi({ description: 'Size of the file: what a first on-device use downloads.', example: 5807877 }),
    url: UrlSchema,
    format: z.literal('onnx').openapi({ description: 'An ONNX model: onnxruntime (web, mobile, node) runs it.' }),
    inputs: Described.openapi({
      description: 'Each input tensor: dtype, shape, layout, colour order, value range, normalisation (in-graph or yours).',
    }),
    outputs: Described.openapi({ description: 'Each output tensor and, where the caller must do it, the post-processing.' }),
    quantization: z.union([z.string(), Described]).openapi({ description: 'How the weights are stored (fp32, int8 QDQ) and why.' }),
    accuracy: Described.optional().openapi({ description: 'What was measured on this very file (its sha256), and on what data.' }),
    alignment: Described.optional().openapi({
      description: 'Face encoders: how a face is cut into the chip the encoder takes (size, template, method).',
    }),
    styles: z
      .array(z.string())
      .optional()
      .openapi({ description: 'Style models: the style ids in the order of the `style` input (titles: GET /v1/styles).' }),
    head: ModelHeadSchema.optional(),
  })
  .openapi('ModelAsset');

export const ModelListSchema = z
  .object({
    models: z.array(ModelAssetSchema).openapi({ description: 'Every model this deployment runs, one per task.' }),
  })
  .openapi('ModelList');

/** The answer of GET /v1/models. */
export type ModelListJson = z.infer<typeof ModelListSchema>;
export type ModelAssetJson = z.infer<typeof ModelAssetSchema>;
