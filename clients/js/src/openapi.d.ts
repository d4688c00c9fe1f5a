// Generated from the API's OpenAPI document by `npm run client:types` (scripts/build-client-types.ts,
// openapi-typescript). Do not edit: change the zod schemas in functions/src and run it again.
export interface paths {
    "/v1/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Service status, version and served models */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The model files this deployment runs, for on-device mode
         * @description On-device mode runs the same pipeline (decode, detect, align, embed, compare with the same head) on the caller's own device: the site's /verify page ("On this device") in the browser with onnxruntime-web, or an app with onnxruntime's mobile builds. There no photo leaves the device; only the models are downloaded. This lists every model the Worker runs (one per task) with its manifest entry: version, input size and normalisation, outputs, licence, size in bytes and SHA-256, and `url`, where the file is. The bytes at `url` are exactly the bytes the Worker runs (the same SHA-256 as models/manifest.json and /v1/health): check the SHA-256 before use. The URLs are content-addressed and immutable, so a client may cache the files forever and a new model version is a new URL. The served face encoder carries its verification head (`head`: the threshold, whether embeddings average the mirrored chip, and the head file). An embedding made on the device with this encoder id and version can be searched in a collection (POST /v1/collections/{c}/search) or enrolled without a photo (POST /v1/collections/{c}/subjects/{s}/embeddings). Each model's licence applies to your use of its file. No key, no rate limit; the listing itself is cached for 300 s.
         */
        get: operations["listModels"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/images/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Measure brightness, contrast and sharpness of a photo
         * @description The photo is decoded, analysed in memory and discarded; nothing is stored. Rate limited: without an API key, 60 requests per 60 s per client address (an IPv6 address counts as its /64); with a valid key (`Authorization: Bearer <key>`), the key's own quota instead; an invalid key is 401. Above the limit: 429 `rate-limited` with Retry-After.
         */
        post: operations["measureImageStats"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/styles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The paintings whose style can be applied
         * @description The styles in the model's order, each with its painting's title, artist, year, licence and thumbnail, and `mix`: how to mix them. `style` may mix 2 or 3 different styles: `id:w,id:w[,id:w]` (in a form field, a query parameter or a JSON string) with positive weights, e.g. `starry_night:2,the_scream:1`, or a JSON object {"id": weight} of at most 3 styles. Weights are normalised to sum 1; an id without ":w" weighs 1, so `a,b` mixes equally. The network's conditional instance norm interpolates the styles' scale and shift parameters by these weights, so a mix costs one pass like a single style. The answer's X-Style header reports the style or mix as used.
         */
        get: operations["listStyles"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stylize": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Repaint a photo in the style of a painting
         * @description Returns the stylized photo as PNG, or JPEG/WebP when the Accept header prefers them. Photos over 256 px are processed in overlapping tiles normalised with whole-image statistics, so memory stays bounded and no seams show. The photo is processed in memory and never stored. A raw image body takes its options from the query string. `style` may mix 2 or 3 different styles: `id:w,id:w[,id:w]` (in a form field, a query parameter or a JSON string) with positive weights, e.g. `starry_night:2,the_scream:1`, or a JSON object {"id": weight} of at most 3 styles. Weights are normalised to sum 1; an id without ":w" weighs 1, so `a,b` mixes equally. The network's conditional instance norm interpolates the styles' scale and shift parameters by these weights, so a mix costs one pass like a single style. The answer's X-Style header reports the style or mix as used. Rate limited: without an API key, 10 requests per 60 s per client address (an IPv6 address counts as its /64); with a valid key (`Authorization: Bearer <key>`), the key's own quota instead; an invalid key is 401. Above the limit: 429 `rate-limited` with Retry-After.
         */
        post: operations["stylize"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/faces/detect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Find the faces in a photo, with landmarks and quality
         * @description Faces are listed most prominent first (visible size x detector score) (at most 20, detector score >= 0.5). No face is not an error: `faces` is empty. The photo is analysed in memory at up to 1024 px and discarded; nothing is stored. Rate limited: without an API key, 60 requests per 60 s per client address (an IPv6 address counts as its /64); with a valid key (`Authorization: Bearer <key>`), the key's own quota instead; an invalid key is 401. Above the limit: 429 `rate-limited` with Retry-After.
         */
        post: operations["detectFaces"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/faces/embed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Find the faces in a photo and compute their embeddings
         * @description As /v1/faces/detect, plus each face's 128-d embedding from the model named with it. Embeddings from the same model compare by Euclidean distance; /v1/verify gives the decision and a calibrated probability. Nothing is stored. Rate limited: without an API key, 30 requests per 60 s per client address (an IPv6 address counts as its /64); with a valid key (`Authorization: Bearer <key>`), the key's own quota instead; an invalid key is 401. Above the limit: 429 `rate-limited` with Retry-After.
         */
        post: operations["embedFaces"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Are the faces in two photos the same person?
         * @description Each photo must show a face; with several, the largest is used (a warning says so) unless `a_face`/`b_face` (index) or `a_box`/`b_box` (box) choose another, in the query string or as body fields. Photos are processed in memory and never stored. Rate limited: without an API key, 30 requests per 60 s per client address (an IPv6 address counts as its /64); with a valid key (`Authorization: Bearer <key>`), the key's own quota instead; an invalid key is 401. Above the limit: 429 `rate-limited` with Retry-After.
         */
        post: operations["verify"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/faces/identify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Who of these people is in this photo? (keyless one-shot identification)
         * @description One-shot identification without a collection or an API key, and with nothing stored: the request carries the photo and the people to look for, each a name and the embedding /v1/faces/embed made of one photo of them; the caller keeps those (the site's /recognize page keeps them in the visitor's browser only), so no face of anyone is held by the server. Every face of the photo is compared with every person. A face's `identity` is the nearest person when the distance is at or below `threshold.value`, else null (unknown): a stranger comes back unknown, not as the most similar person. The threshold is set for the number of people exactly as /v1/collections/{c}/identify sets it for a collection's size (at most the verification threshold, stricter as more people are compared, so that a stranger is named at most about 5 % of the time); `threshold` says which rule applied and why. `people` is checked before the photo is read: 422 `validation-failed` naming `people` (not an array of 1 to 10, a name that is empty, too long or not plain text, an embedding of the wrong length or with non-numbers); 409 `model-mismatch` for an embedding another model made (embed the photo again). The photo is processed in memory and discarded. Rate limited: without an API key, 30 requests per 60 s per client address (an IPv6 address counts as its /64); with a valid key (`Authorization: Bearer <key>`), the key's own quota instead; an invalid key is 401. Above the limit: 429 `rate-limited` with Retry-After.
         */
        post: operations["identifyFaces"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/gallery": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Browse the gallery
         * @description Visible items, newest or most liked first, optionally of one style. Keyset pagination: pages do not repeat or skip items when new ones are published.
         */
        get: operations["listGallery"];
        put?: never;
        /**
         * Publish a stylized image to the community gallery
         * @description The image is decoded and re-encoded by the service (JPEG; no EXIF, GPS or other metadata survives) with a 400 px thumbnail, stored in R2; its listing (style, title, author, time, counts, state, SHA-256 of the delete token) in D1. Accepted: JPEG, PNG or WebP, at most 4 MiB, 32..1024 px per side (what POST /v1/stylize returns). Title (1..80) and author (0..40 characters) are plain text. The answer's `delete_token` is shown once. Rate-limited per client (429 with Retry-After).
         */
        post: operations["publishToGallery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/gallery/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One gallery item
         * @description Hidden (reported) and deleted items are 404.
         */
        get: operations["getGalleryItem"];
        put?: never;
        post?: never;
        /**
         * Delete an item with its delete token
         * @description Send the token from the publish answer as `Authorization: Bearer <token>` or as JSON `{"delete_token": "..."}`. The item is unlisted at once and its images removed; deleting again with the right token is 204 too. Cross-site browser requests are refused.
         */
        delete: operations["deleteGalleryItem"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/gallery/{id}/image": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The published image
         * @description JPEG served from R2 with a strong ETag and `Cache-Control: public, max-age=3600`; If-None-Match answers 304.
         */
        get: operations["getGalleryImage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/gallery/{id}/thumb": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The thumbnail
         * @description JPEG served from R2 with a strong ETag and `Cache-Control: public, max-age=3600`; If-None-Match answers 304.
         */
        get: operations["getGalleryThumbnail"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/gallery/{id}/like": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Like an item (once per visitor)
         * @description Visitors are told apart by an anonymous random cookie (`lk_visitor`, set on first use; only its SHA-256 is stored). Idempotent: liking twice counts once. One client address adds at most 3 likes to an item (409 like-limit-reached after that), so clearing cookies does not add likes. Cross-site browser requests are refused (403). Rate-limited per client.
         */
        post: operations["likeGalleryItem"];
        /**
         * Take back a like
         * @description Visitors are told apart by an anonymous random cookie (`lk_visitor`, set on first use; only its SHA-256 is stored). Idempotent: liking twice counts once. One client address adds at most 3 likes to an item (409 like-limit-reached after that), so clearing cookies does not add likes. Cross-site browser requests are refused (403). Rate-limited per client.
         */
        delete: operations["unlikeGalleryItem"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/gallery/{id}/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report an item
         * @description One report per client address (only a SHA-256 of the address is stored; an IPv6 address counts as its /64), whatever cookie it carries. When GALLERY_REPORT_THRESHOLD addresses have reported an item it is hidden pending review, so one address can never hide an item alone. Cross-site browser requests are refused (403). `reason` is one of spam, offensive, sexual, violence, hate, copyright, privacy, other. Rate-limited per client.
         */
        post: operations["reportGalleryItem"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/collections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the tenant's collections
         * @description All collections of the API key's tenant, oldest first, with their subject and face counts.
         */
        get: operations["listCollections"];
        put?: never;
        /**
         * Create a collection
         * @description A collection holds the people (subjects) that identify searches among. Collections belong to the API key's tenant; other tenants cannot see them.
         */
        post: operations["createCollection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/collections/{c}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a collection and everything in it
         * @description Deletes the collection, its subjects and all their enrolled faces (embeddings) at once. Irreversible.
         */
        delete: operations["deleteCollection"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/collections/{c}/subjects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a collection's subjects (cursor pagination)
         * @description Subjects in creation order, at most `limit` (default 50, at most 200) a page. Pass `next_cursor` as `cursor` to get the next page; it is null on the last page.
         */
        get: operations["listSubjects"];
        put?: never;
        /**
         * Add a person (subject) to a collection
         * @description Then enrol one photo of the person with POST /v1/collections/{c}/subjects/{s}/faces (one photo is enough: one-shot recognition), or an embedding made on the device with POST /v1/collections/{c}/subjects/{s}/embeddings.
         */
        post: operations["createSubject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/collections/{c}/subjects/{s}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A subject and its enrolled faces
         * @description The enrolled faces are listed with the model that made each embedding, how it was enrolled (`source`), the box and the quality at enrolment (null for a face enrolled by embedding). Embeddings and photos are not returned (photos are never stored).
         */
        get: operations["getSubject"];
        put?: never;
        post?: never;
        /**
         * Delete a subject and its enrolled faces
         * @description Deletes the person and every embedding enrolled for them; identify stops finding them at once.
         */
        delete: operations["deleteSubject"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/collections/{c}/subjects/{s}/faces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Enrol a face of the subject from one photo
         * @description The photo must show exactly one face (422 `no-face` or `multiple-faces` otherwise, with the boxes found), unless `face` (an index, as /v1/faces/detect numbers faces) or `box` (a box in the photo's pixels) chooses one of several, in the query string or as a body field (422 `face-not-found` when the choice names no detected face). The answer says which face was enrolled (`index`, `faces_found`). A face with quality issues (too small, blurred, extreme pose, too dark or bright) is refused with 422 `poor-quality` listing them, unless `force=true`. What is stored: the 128-d embedding, the model that made it, the box and the quality; the photo is processed in memory and never stored.
         */
        post: operations["enrolFace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/collections/{c}/subjects/{s}/embeddings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Enrol a face of the subject from an embedding (no photo)
         * @description For apps and pages that embed faces on the device (on-device mode, GET /v1/models): the photo never leaves the device, only the embedding is sent. The embedding must be made by the served face encoder, the same id and version (GET /v1/models lists it with its alignment and `head.flip`; /v1/faces/embed makes the same), and `model` must say so: 409 `model-mismatch` otherwise, and nothing is stored. The server cannot see the face, so it cannot check its quality: enrol a clear, frontal, well-lit face. What is stored: the 128-d embedding and the model that made it, nothing else (the enrolled face's `box` and `quality` are null, `source` is `embedding`). Identify, search and subject verify then find the subject like one enrolled from a photo.
         */
        post: operations["enrolEmbedding"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/collections/{c}/subjects/{s}/faces/{f}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete one enrolled face
         * @description Deletes the embedding; the subject stays (with its other faces, if any).
         */
        delete: operations["deleteFace"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/collections/{c}/identify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Who is in this photo? (one-shot identification)
         * @description For every face in the photo: the collection's nearest subjects (`candidates`) and the `identity`: the nearest subject if its distance is within the threshold, else null (unknown). A person who was never enrolled comes back unknown, not as the most similar stranger: the default threshold shrinks with the collection's size so that a stranger, who is compared with every enrolled face, is given an identity about 5 % of the time (`max_false_identity_rate`); the answer gives the threshold applied and why (`threshold`, `threshold_rule`). Exact search over the enrolled embeddings of the served encoder version; subjects enrolled with another version are listed in `needs_reenrolment`. The photo is processed in memory and never stored.
         */
        post: operations["identify"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/collections/{c}/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Identify an embedding (from /v1/faces/embed)
         * @description As identify (same threshold rule: `threshold_rule`), for one face whose embedding the client already has (from /v1/faces/embed, or made on the device with the face-embedding model GET /v1/models lists, so the photo never leaves it). The embedding must come from the served encoder: `model` must be the one /v1/faces/embed reported (409 `model-mismatch` otherwise). Nothing is stored.
         */
        post: operations["search"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/collections/{c}/subjects/{s}/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Is the face in this photo this enrolled person?
         * @description The /v1/verify answer for the photo's most prominent face against the subject's enrolled faces (the nearest counts). 409 `no-enrolled-face` when the subject has no face enrolled with the served encoder version (none yet, or only older ones: re-enrol). The photo is processed in memory and never stored.
         */
        post: operations["verifySubject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description A person to look for: a name and the embedding of one photo of them. */
        IdentifyPerson: {
            /**
             * @description Plain text, 1 to 80 characters (trimmed); returned as sent.
             * @example Ada
             */
            name: string;
            /** @description The 128 numbers /v1/faces/embed returned for this person's face. */
            embedding: number[];
            /**
             * @description The model /v1/faces/embed reported with the embedding; another model is 409 model-mismatch.
             * @example {
             *       "id": "dlib-face-encoder",
             *       "version": "2"
             *     }
             */
            model: {
                id: string;
                version: string;
            };
        };
        /** @description RFC 9457 problem details. `type` is stable; switch on it, not on `title` or `detail`. */
        Problem: {
            /**
             * Format: uri
             * @example https://likeness.dev/problems/unsupported-image
             */
            type: string;
            /** @example Unsupported image format */
            title: string;
            /** @example 415 */
            status: number;
            /** @example The file is a GIF; send JPEG, PNG or WebP. */
            detail: string;
        } & {
            [key: string]: unknown;
        };
        Health: {
            /** @enum {string} */
            status: "ok";
            /** @example 0.1.0 */
            version: string;
            runtime: {
                /** @example onnxruntime-web */
                backend: string;
                /** @description Models whose sessions are warm in this isolate. */
                loaded_models: string[];
                /**
                 * @description Size of onnxruntime-web's WASM heap in this isolate (it only grows; the Worker has 128 MB in all). Absent before the first inference.
                 * @example 60817408
                 */
                wasm_heap_bytes?: number;
            };
            models: {
                /** @example image-stats */
                id: string;
                version: string;
                task?: string;
                /** @example 5b98db7c2728ba7043cd81e01d0cca4bfc671ea338353d04deb2917edb57c0aa */
                sha256: string;
                bytes: number;
            }[];
            storage: {
                /** @enum {string} */
                d1: "ok" | "unavailable";
                /** @enum {string} */
                r2: "ok" | "unavailable";
                /** @enum {string} */
                kv: "ok" | "unavailable";
            };
            limits: {
                max_body_bytes: number;
                max_pixels: number;
                max_decode_bytes: number;
            };
        };
        ModelList: {
            /** @description Every model this deployment runs, one per task. */
            models: components["schemas"]["ModelAsset"][];
        };
        ModelAsset: {
            /**
             * @description The manifest id, as /v1/health and answers name the model.
             * @example dlib-face-encoder
             */
            id: string;
            /** @example 2 */
            version: string;
            /**
             * @description What the model does: face-detection, face-embedding, image-quality or style-transfer (one model per task).
             * @example face-embedding
             */
            task: string;
            description: string;
            /** @description The weights' licence and origin; it applies to your use of the file. */
            licence: string;
            /** @description Where the weights come from and how the file was built. */
            source: {
                [key: string]: unknown;
            };
            /**
             * @description SHA-256 of the file (lowercase hex). Check it before use: the bytes are exactly the ones the Worker runs.
             * @example 8ca17c7fd4bbb0889eab457b5f48185e298ae7c78f3077f45104d896ae02dd7c
             */
            sha256: string;
            /**
             * @description Size of the file: what a first on-device use downloads.
             * @example 5807877
             */
            bytes: number;
            /**
             * @description Where the file is: a path on this deployment's origin (the site and /v1 share it), content-addressed (the name carries the SHA-256), so it never changes: served with `Cache-Control: public, max-age=31536000, immutable` and `Access-Control-Allow-Origin: *`.
             * @example /models/dlib-face-encoder.8ca17c7fd4bbb0889eab457b5f48185e298ae7c78f3077f45104d896ae02dd7c.onnx
             */
            url: string;
            /**
             * @description An ONNX model: onnxruntime (web, mobile, node) runs it.
             * @enum {string}
             */
            format: "onnx";
            /** @description Each input tensor: dtype, shape, layout, colour order, value range, normalisation (in-graph or yours). */
            inputs: {
                [key: string]: unknown;
            };
            /** @description Each output tensor and, where the caller must do it, the post-processing. */
            outputs: {
                [key: string]: unknown;
            };
            /** @description How the weights are stored (fp32, int8 QDQ) and why. */
            quantization: string | {
                [key: string]: unknown;
            };
            /** @description What was measured on this very file (its sha256), and on what data. */
            accuracy?: {
                [key: string]: unknown;
            };
            /** @description Face encoders: how a face is cut into the chip the encoder takes (size, template, method). */
            alignment?: {
                [key: string]: unknown;
            };
            /** @description Style models: the style ids in the order of the `style` input (titles: GET /v1/styles). */
            styles?: string[];
            head?: components["schemas"]["ModelHead"];
        };
        /** @description The served face encoder only: its verification head (a JSON file: threshold, a logistic calibration of P(same) over the absolute differences of the two embeddings, and the open-set table identify uses). */
        ModelHead: {
            /**
             * @description Where the file is: a path on this deployment's origin (the site and /v1 share it), content-addressed (the name carries the SHA-256), so it never changes: served with `Cache-Control: public, max-age=31536000, immutable` and `Access-Control-Allow-Origin: *`.
             * @example /models/dlib-face-encoder.head.0867f9634760efcb6f701a8b547923c69dc74d2b285b906c82850c2f4c2bfadb.json
             */
            url: string;
            /**
             * @description SHA-256 of the file (lowercase hex). Check it before use: the bytes are exactly the ones the Worker runs.
             * @example 0867f9634760efcb6f701a8b547923c69dc74d2b285b906c82850c2f4c2bfadb
             */
            sha256: string;
            /** @example 7855 */
            bytes: number;
            /**
             * @description Embeddings are compared by Euclidean distance.
             * @enum {string}
             */
            metric: "euclidean";
            /**
             * @description Same person when the distance is at or below it (the /v1/verify decision).
             * @example 0.590762
             */
            threshold: number;
            /**
             * @description Whether an embedding is the mean of the chip's and its mirror image's embeddings (two encoder runs per face), as the head was fitted and the server embeds; an on-device embedding must be made the same way to match.
             * @example true
             */
            flip: boolean;
            /** @example 128 */
            embedding_size: number;
        };
        ImageStats: {
            /**
             * @description Width of the uploaded image after EXIF orientation.
             * @example 1280
             */
            width: number;
            /** @example 960 */
            height: number;
            /** @enum {string} */
            format: "jpeg" | "png" | "webp";
            /** @description The image is analysed scaled to at most 512 px on its longest side. */
            analysed: {
                width: number;
                height: number;
            };
            /**
             * @description Mean luma, 0 (black) to 1 (white).
             * @example 0.46
             */
            brightness: number;
            /**
             * @description Standard deviation of luma, 0 to 0.5.
             * @example 0.21
             */
            contrast: number;
            /**
             * @description Variance of the Laplacian of luma at the analysed size; higher is sharper.
             * @example 0.0041
             */
            sharpness: number;
        };
        Styles: {
            /** @description In the model's style order. */
            styles: components["schemas"]["Style"][];
            mix: components["schemas"]["StyleMix"];
            model: {
                /** @example style-cin10 */
                id: string;
                /** @example cin10-step945 */
                version: string;
            };
        };
        Style: {
            /** @example starry_night */
            id: string;
            /** @example The Starry Night */
            title: string;
            /** @example Vincent van Gogh */
            artist: string;
            /**
             * @description As known: "1889", "c. 1831".
             * @example 1889
             */
            year: string;
            /**
             * @description The painting's copyright status.
             * @example Public domain (artist d. 1890)
             */
            licence: string;
            /**
             * @description Same-origin path of a 160 px JPEG of the painting.
             * @example /styles/starry_night.jpg
             */
            thumbnail: string;
        };
        /** @description How POST /v1/stylize mixes styles. */
        StyleMix: {
            /** @example id:w,id:w[,id:w] */
            syntax: string;
            /** @example 2 */
            min_styles: number;
            /** @example 3 */
            max_styles: number;
            /**
             * @description A `style` value that mixes two styles.
             * @example starry_night:2,the_scream:1
             */
            example: string;
            /**
             * @description The example's weights as used (normalised to sum 1): what the X-Style header of the answer reports.
             * @example starry_night:0.6667,the_scream:0.3333
             */
            normalised: string;
            description: string;
        };
        FaceDetection: {
            /**
             * @description Width of the uploaded photo as displayed (EXIF orientation applied): the coordinate space of boxes and landmarks.
             * @example 1280
             */
            width: number;
            /** @example 960 */
            height: number;
            /**
             * @description The photo is analysed scaled to at most 1024 px on its longest side.
             * @example {
             *       "width": 1024,
             *       "height": 768
             *     }
             */
            analysed: {
                width: number;
                height: number;
            };
            faces: components["schemas"]["Face"][];
        };
        /** @description A detected face. Faces are listed most prominent first (visible box area x detector score, i.e. largest first among confident faces); that order is what a face index refers to. */
        Face: {
            box: components["schemas"]["FaceBox"];
            /**
             * @description Detector confidence, 0.5 to 1 (faces below 0.5 are not reported).
             * @example 0.93
             */
            score: number;
            landmarks: components["schemas"]["FaceLandmarks"];
            quality: components["schemas"]["FaceQuality"];
        };
        /**
         * @description In pixels of the uploaded photo as displayed (EXIF orientation applied): x, y is the top-left corner; pixel edges at integers.
         * @example {
         *       "x": 412.5,
         *       "y": 230.1,
         *       "width": 208.3,
         *       "height": 208.3
         *     }
         */
        FaceBox: {
            x: number;
            y: number;
            width: number;
            height: number;
        };
        /**
         * @description Eye centres, nose tip, mouth centre and ear tragions, in the same pixels as the box. 'right' is the subject's right (the image's left in an unmirrored photo).
         * @example {
         *       "right_eye": {
         *         "x": 470.2,
         *         "y": 300.4
         *       },
         *       "left_eye": {
         *         "x": 560.9,
         *         "y": 298.7
         *       },
         *       "nose": {
         *         "x": 516.3,
         *         "y": 350.2
         *       },
         *       "mouth": {
         *         "x": 515.8,
         *         "y": 392.5
         *       },
         *       "right_ear": {
         *         "x": 425.1,
         *         "y": 318
         *       },
         *       "left_ear": {
         *         "x": 610.4,
         *         "y": 315.3
         *       }
         *     }
         */
        FaceLandmarks: {
            right_eye: {
                x: number;
                y: number;
            };
            left_eye: {
                x: number;
                y: number;
            };
            nose: {
                x: number;
                y: number;
            };
            mouth: {
                x: number;
                y: number;
            };
            right_ear: {
                x: number;
                y: number;
            };
            left_ear: {
                x: number;
                y: number;
            };
        };
        FaceQuality: {
            /**
             * @description Longer side of the face box in pixels of the analysed image (the photo scaled to at most 1024 px, see `analysed`). Below 32: face_too_small.
             * @example 208
             */
            size_px: number;
            /**
             * @description Mean luma of the face on the aligned chip, 0 (black) to 1 (white). Below 0.1: too_dark; above 0.85: too_bright.
             * @example 0.52
             */
            brightness: number;
            /**
             * @description Variance of the Laplacian of the face's luma over the variance of its luma, on the aligned 150 px chip (detail relative to contrast, so dim faces are not called blurred); higher is sharper, sharp photos are around 0.01 to 0.1. Below 0.003: blurry.
             * @example 0.037
             */
            sharpness: number;
            /** @description Estimated from the keypoints, roughly +-10 degrees. |yaw| > 45 or |pitch| > 30: extreme_pose (roll is undone by alignment). */
            pose: {
                /**
                 * @description Degrees; positive when the nose points to the image's right (the subject's left).
                 * @example -8.5
                 */
                yaw: number;
                /**
                 * @description Degrees; positive when the subject looks up.
                 * @example 3.1
                 */
                pitch: number;
                /**
                 * @description Degrees; positive when the face is turned clockwise in the image.
                 * @example -1.2
                 */
                roll: number;
            };
            /**
             * @description Reasons the face may be a poor input; empty when none.
             * @example []
             */
            issues: ("face_too_small" | "blurry" | "extreme_pose" | "too_dark" | "too_bright")[];
        };
        FaceEmbeddings: {
            /**
             * @description Width of the uploaded photo as displayed (EXIF orientation applied): the coordinate space of boxes and landmarks.
             * @example 1280
             */
            width: number;
            /** @example 960 */
            height: number;
            /**
             * @description The photo is analysed scaled to at most 1024 px on its longest side.
             * @example {
             *       "width": 1024,
             *       "height": 768
             *     }
             */
            analysed: {
                width: number;
                height: number;
            };
            faces: components["schemas"]["EmbeddedFace"][];
        };
        /** @description A detected face. Faces are listed most prominent first (visible box area x detector score, i.e. largest first among confident faces); that order is what a face index refers to. */
        EmbeddedFace: components["schemas"]["Face"] & {
            /** @description 128 floats, not normalised; compare with Euclidean distance (same person below about 0.6, see /v1/verify). */
            embedding: number[];
            model: components["schemas"]["FaceModel"];
        };
        FaceModel: {
            /** @example dlib-face-encoder */
            id: string;
            /** @example 2 */
            version: string;
        };
        Verification: {
            /**
             * @description distance <= threshold. The threshold (0.590762) maximised accuracy on LFW View 1 DevTrain, so this is the most accurate yes/no answer.
             * @example true
             */
            match: boolean;
            /**
             * @description Euclidean distance between the two 128-d embeddings.
             * @example 0.41
             */
            distance: number;
            /** @example 0.590762 */
            threshold: number;
            /**
             * @description Calibrated P(same person): a logistic unit over |f(a) - f(b)| fitted on the same pairs. It weighs embedding dimensions, the distance does not, so close to the threshold the two can disagree (match with probability below 0.5, or the reverse): read that as an uncertain answer.
             * @example 0.97
             */
            probability: number;
            faces: {
                a: components["schemas"]["VerifiedFace"];
                b: components["schemas"]["VerifiedFace"];
            };
            model: components["schemas"]["FaceModel"];
            /** @description Present when a photo had several faces or a used face has quality issues. */
            warnings?: components["schemas"]["VerifyWarning"][];
        };
        /** @description A detected face. Faces are listed most prominent first (visible box area x detector score, i.e. largest first among confident faces); that order is what a face index refers to. */
        VerifiedFace: components["schemas"]["Face"] & {
            /**
             * @description Which detected face was used: 0-based, most prominent first (visible size x detector confidence).
             * @example 0
             */
            index: number;
            /**
             * @description How many faces the photo has.
             * @example 1
             */
            faces_found: number;
        };
        /**
         * @example {
         *       "field": "b",
         *       "code": "multiple_faces",
         *       "detail": "Photo 'b' has 3 faces; the largest (index 0) was used. Choose another with b_face=<index> or b_box=x,y,width,height."
         *     }
         */
        VerifyWarning: {
            /**
             * @description The photo the warning is about.
             * @enum {string}
             */
            field: "a" | "b";
            /** @enum {string} */
            code: "multiple_faces" | "face_too_small" | "blurry" | "extreme_pose" | "too_dark" | "too_bright";
            detail: string;
        };
        FaceIdentification: {
            /**
             * @description Width of the uploaded photo as displayed (EXIF orientation applied): the coordinate space of boxes and landmarks.
             * @example 1280
             */
            width: number;
            /** @example 960 */
            height: number;
            /**
             * @description The photo is analysed scaled to at most 1024 px on its longest side.
             * @example {
             *       "width": 1024,
             *       "height": 768
             *     }
             */
            analysed: {
                width: number;
                height: number;
            };
            /** @description Every face of the photo, most prominent first; empty when there is none. */
            faces: components["schemas"]["IdentifyFace"][];
            threshold: components["schemas"]["IdentifyThreshold"];
            model: components["schemas"]["FaceModel"];
        };
        /** @description A face of the photo, most prominent first, with the people it may be and who it is (`identity`, null when unknown). */
        IdentifyFace: components["schemas"]["Face"] & {
            identity: components["schemas"]["IdentifyIdentity"];
            /** @description The nearest people, nearest first, matching or not (at most 3). */
            candidates: components["schemas"]["IdentifyCandidate"][];
        };
        /** @description The nearest person when within the threshold; null means unknown: none of the people sent is this face (a stranger is named at most about 5 % of the time, see `threshold`). */
        IdentifyIdentity: {
            /**
             * @description The person's index in the request's `people`, 0-based.
             * @example 0
             */
            person: number;
            /** @example Ada */
            name: string;
            /**
             * @description Euclidean distance between this face's embedding and the person's.
             * @example 0.38
             */
            distance: number;
            /**
             * @description Calibrated P(same person) from the verification head (see /v1/verify).
             * @example 0.98
             */
            probability: number;
        } | null;
        IdentifyCandidate: {
            /**
             * @description The person's index in the request's `people`, 0-based.
             * @example 0
             */
            person: number;
            /** @example Ada */
            name: string;
            /**
             * @description Euclidean distance between this face's embedding and the person's.
             * @example 0.38
             */
            distance: number;
            /**
             * @description Calibrated P(same person) from the verification head (see /v1/verify).
             * @example 0.98
             */
            probability: number;
            /**
             * @description distance <= `threshold.value`.
             * @example true
             */
            match: boolean;
        };
        /** @description The threshold applied, and why. */
        IdentifyThreshold: {
            /**
             * @description The distance at or below which a face is the nearest person; above it, unknown. Set for the number of people sent, as a collection's identify sets it for its size.
             * @example 0.590762
             */
            value: number;
            /**
             * @description `verification`: with this few people the 1:1 verification threshold (0.590762) already keeps strangers under the target, so it is used. `collection-size`: t(N) = F^-1(1 - (1 - max_false_identity_rate)^(1/N)) for N people, F the per-comparison false-accept rate of the encoder (measured on LFW DevTrain people); never above the verification threshold. `collection-size-floor`: t(N) below the measured range of F (not reached with at most 10 people).
             * @example verification
             * @enum {string}
             */
            rule: "verification" | "collection-size" | "collection-size-floor";
            /**
             * @description The target: how often a person who is none of the people sent may be given a name.
             * @example 0.05
             */
            max_false_identity_rate: number;
            /**
             * @description N: the people each face is compared with.
             * @example 3
             */
            compared: number;
            /**
             * @description F(value): the fraction of different-person comparisons within the threshold, from the head's table; null outside its range.
             * @example 0.00663
             */
            per_comparison_far: number | null;
            /**
             * @description 1 - (1 - F(value))^N: how often a stranger is expected to be given one of the names here (LFW-like photos; higher on harder photos).
             * @example 0.0197
             */
            expected_false_identity_rate: number | null;
        };
        GalleryPublished: {
            id: string;
            /**
             * @description The item's page on the site.
             * @example /gallery?item=3f9c0a6d1b2e4c58
             */
            url: string;
            /** @description Shown once: keep it to delete the item later (DELETE /v1/gallery/{id}). Only its SHA-256 is stored. */
            delete_token: string;
            item: components["schemas"]["GalleryItem"];
        };
        GalleryItem: {
            /** @example 3f9c0a6d1b2e4c58 */
            id: string;
            /**
             * @description The style id (GET /v1/styles).
             * @example starry_night
             */
            style: string;
            /** @example The Starry Night */
            style_title: string;
            /**
             * @description Plain text, at most 80 characters. Render it as text, never as HTML.
             * @example Morning coffee
             */
            title: string;
            /**
             * @description Plain text, at most 40 characters; null when not given.
             * @example Ada
             */
            author: string | null;
            /**
             * @description ISO 8601, UTC.
             * @example 2026-11-29T21:05:00.000Z
             */
            created_at: string;
            /** @example 4 */
            likes: number;
            /** @example 1024 */
            width: number;
            /** @example 683 */
            height: number;
            /** @example /v1/gallery/3f9c0a6d1b2e4c58/image */
            image_url: string;
            /** @example /v1/gallery/3f9c0a6d1b2e4c58/thumb */
            thumb_url: string;
            /** @example 400 */
            thumb_width: number;
            /** @example 267 */
            thumb_height: number;
            /**
             * @description The item on the site's gallery page.
             * @example /gallery?item=3f9c0a6d1b2e4c58
             */
            page_url: string;
            /**
             * @description True for the example pictures the operators seeded (`npm run gallery:seed`: our own style networks over public-domain photos); false for everything visitors published.
             * @example false
             */
            example: boolean;
        };
        GalleryPage: {
            items: components["schemas"]["GalleryItem"][];
            /** @description Pass as `cursor` for the next page; null on the last page. */
            next_cursor: string | null;
        };
        GalleryItemDetail: components["schemas"]["GalleryItem"] & {
            /** @description Whether this visitor (cookie lk_visitor) likes the item. */
            liked: boolean;
        };
        GalleryLikes: {
            id: string;
            likes: number;
            liked: boolean;
        };
        GalleryReported: {
            id: string;
            /** @description True when this report hid the item pending review. */
            hidden: boolean;
        };
        Collection: {
            /** @example c_019ad1c2e3f4a1b2c3d4e5f6a7b8 */
            id: string;
            /** @example front desk */
            name: string | null;
            /** @example 2026-11-29T20:15:03.120Z */
            created_at: string;
        };
        CollectionList: {
            collections: components["schemas"]["CollectionSummary"][];
        };
        CollectionSummary: components["schemas"]["Collection"] & {
            /**
             * @description Subjects in the collection.
             * @example 12
             */
            subjects: number;
            /**
             * @description Enrolled faces (embeddings), all model versions.
             * @example 14
             */
            faces: number;
        };
        Subject: {
            /** @example s_019ad1c2e3f5c3d4e5f6a7b8c9d0 */
            id: string;
            /** @example Ada Lovelace */
            name: string;
            /**
             * @description The caller's own id for the person (unique within the collection), or null.
             * @example emp-1815
             */
            external_id: string | null;
            /** @example 2026-11-29T20:15:04.551Z */
            created_at: string;
        };
        SubjectPage: {
            subjects: components["schemas"]["SubjectSummary"][];
            next_cursor: string | null;
        };
        SubjectSummary: components["schemas"]["Subject"] & {
            /**
             * @description Enrolled faces, all model versions.
             * @example 1
             */
            faces: number;
            /**
             * @description True when the subject has faces but none made by the served encoder: identify cannot find them until a new photo is enrolled.
             * @example false
             */
            needs_reenrolment: boolean;
        };
        SubjectDetail: components["schemas"]["Subject"] & {
            faces: components["schemas"]["EnrolledFace"][];
            needs_reenrolment: boolean;
        };
        EnrolledFace: {
            /** @example f_019ad1c2e3f6e5f6a7b8c9d0e1f2 */
            id: string;
            model: components["schemas"]["FaceModel"];
            /**
             * @description `photo`: enrolled from a photo (POST .../faces); `embedding`: enrolled from an embedding made elsewhere, e.g. on the device (POST .../embeddings).
             * @example photo
             * @enum {string}
             */
            source: "photo" | "embedding";
            /** @description Where the face was in the enrolment photo (its pixels); null when the face was enrolled by embedding (no photo reached the server). The photo itself is not stored. */
            box: components["schemas"]["FaceBox"] | null;
            /** @description The face's quality at enrolment; null when the face was enrolled by embedding (no photo reached the server). */
            quality: components["schemas"]["FaceQuality"] | null;
            /** @example 2026-11-29T20:15:05.010Z */
            created_at: string;
        };
        Enrolment: components["schemas"]["EnrolledFace"] & {
            /** @enum {string} */
            source?: "photo";
            box?: components["schemas"]["FaceBox"] & unknown;
            quality?: components["schemas"]["FaceQuality"];
            subject: string;
            /**
             * @description Which face of the photo was enrolled: 0-based, most prominent first, as /v1/faces/detect lists them (the one `face` or `box` chose; 0 when the photo shows one face).
             * @example 0
             */
            index: number;
            /**
             * @description How many faces the photo has (more than 1 only when a face was chosen).
             * @example 1
             */
            faces_found: number;
            /** @description The quality issues enrolled anyway (force=true). */
            forced_issues?: string[];
        };
        EmbeddingEnrolment: components["schemas"]["EnrolledFace"] & {
            /** @enum {string} */
            source?: "embedding";
            /** @description No photo reached the server, so there is no box. */
            box?: null;
            /** @description No photo reached the server, so its quality is unknown. */
            quality?: null;
            subject: string;
        };
        Identification: {
            /** @description Every face in the photo, most prominent first; empty when there is none. */
            faces: components["schemas"]["IdentifiedFace"][];
            /**
             * @description The distance threshold applied: the identity is the nearest subject when its distance is at or below it. See `threshold_rule`.
             * @example 0.47
             */
            threshold: number;
            threshold_rule: components["schemas"]["ThresholdRule"];
            model: components["schemas"]["FaceModel"];
            searched: {
                /**
                 * @description Enrolled faces searched (served encoder version only).
                 * @example 1200
                 */
                faces: number;
                /** @example 1000 */
                subjects: number;
            };
            /** @description Subjects not searched because their embeddings come from another encoder version. */
            needs_reenrolment: components["schemas"]["StaleSubject"][];
        };
        /** @description A detected face. Faces are listed most prominent first (visible box area x detector score, i.e. largest first among confident faces); that order is what a face index refers to. */
        IdentifiedFace: components["schemas"]["Face"] & {
            identity: components["schemas"]["Identity"];
            /** @description The top_k nearest subjects, nearest first, matching or not. */
            candidates: components["schemas"]["Candidate"][];
        };
        /** @description The nearest subject when within the threshold; null means unknown: nobody enrolled in this collection is this person (at the threshold's error rates: by default a never-enrolled person gets an identity about 5 % of the time, see `threshold_rule`). */
        Identity: {
            /** @example s_019ad1c2e3f5c3d4e5f6a7b8c9d0 */
            subject: string;
            /** @example Ada Lovelace */
            name: string;
            /** @example emp-1815 */
            external_id: string | null;
            /**
             * @description Euclidean distance to the subject's nearest enrolled face.
             * @example 0.38
             */
            distance: number;
            /**
             * @description Calibrated P(same person) from the verification head (see /v1/verify).
             * @example 0.98
             */
            probability: number;
            /**
             * @description The subject's enrolled face that matched best.
             * @example f_019ad1c2e3f6e5f6a7b8c9d0e1f2
             */
            face: string;
        } | null;
        Candidate: {
            /** @example s_019ad1c2e3f5c3d4e5f6a7b8c9d0 */
            subject: string;
            /** @example Ada Lovelace */
            name: string;
            /** @example emp-1815 */
            external_id: string | null;
            /**
             * @description Euclidean distance to the subject's nearest enrolled face.
             * @example 0.38
             */
            distance: number;
            /**
             * @description Calibrated P(same person) from the verification head (see /v1/verify).
             * @example 0.98
             */
            probability: number;
            /**
             * @description distance <= the answer's `threshold` (see `threshold_rule`).
             * @example true
             */
            match: boolean;
            /**
             * @description The subject's enrolled face that matched best.
             * @example f_019ad1c2e3f6e5f6a7b8c9d0e1f2
             */
            face: string;
        };
        /** @description Which threshold was applied, and why. */
        ThresholdRule: {
            /**
             * @description `collection-size`: t(N) = F^-1(1 - (1 - max_false_identity_rate)^(1/N)) for N enrolled faces, F the per-comparison false-accept rate of the encoder (measured on LFW DevTrain people). `verification`: the collection is small enough that the 1:1 verification threshold (0.590762) already meets the target, so it is used (t(N) is never above it). `collection-size-floor`: the collection is so large that t(N) is below the measured range of F (per-comparison rate 1e-6, about 50,000 faces at 5 %); the smallest measured distance is used and `expected_false_identity_rate` exceeds the target. `explicit`: the `threshold` parameter.
             * @example collection-size
             * @enum {string}
             */
            rule: "collection-size" | "verification" | "collection-size-floor" | "explicit";
            /**
             * @description The target: the `max_false_identity_rate` parameter or the default 0.05; null for an explicit threshold.
             * @example 0.05
             */
            max_false_identity_rate: number | null;
            /**
             * @description N: the enrolled faces a query is compared with (every face of the served encoder version; a stranger is named if any is within the threshold).
             * @example 1200
             */
            compared: number;
            /**
             * @description F(threshold): the fraction of different-person comparisons within the threshold, from the head's table; null outside its range (1e-6 .. 0.1).
             * @example 0.000043
             */
            per_comparison_far: number | null;
            /**
             * @description 1 - (1 - F(threshold))^N: how often a never-enrolled person is expected to be given an identity in this collection at this threshold (LFW-like photos; higher on harder photos, e.g. 17 % on ORL's small grey faces at a 5 % target).
             * @example 0.05
             */
            expected_false_identity_rate: number | null;
        };
        /** @description A subject whose faces were all made by another encoder version: embeddings of different versions are never compared, so it cannot be found until a photo is enrolled again. */
        StaleSubject: {
            subject: string;
            name: string;
            external_id: string | null;
            /**
             * @description The encoders ("id vVERSION") that made its faces.
             * @example [
             *       "dlib-face-encoder v0"
             *     ]
             */
            models: string[];
        };
        SearchResult: {
            identity: components["schemas"]["Identity"];
            candidates: components["schemas"]["Candidate"][];
            /**
             * @description The distance threshold applied: the identity is the nearest subject when its distance is at or below it. See `threshold_rule`.
             * @example 0.47
             */
            threshold: number;
            threshold_rule: components["schemas"]["ThresholdRule"];
            model: components["schemas"]["FaceModel"];
            searched: {
                /**
                 * @description Enrolled faces searched (served encoder version only).
                 * @example 1200
                 */
                faces: number;
                /** @example 1000 */
                subjects: number;
            };
            /** @description Subjects not searched because their embeddings come from another encoder version. */
            needs_reenrolment: components["schemas"]["StaleSubject"][];
        };
        SubjectVerification: {
            /**
             * @description The nearest enrolled face's distance <= threshold (0.590762).
             * @example true
             */
            match: boolean;
            /**
             * @description Distance to the subject's nearest enrolled face.
             * @example 0.41
             */
            distance: number;
            /** @example 0.590762 */
            threshold: number;
            /**
             * @description Calibrated P(same person) against that face.
             * @example 0.97
             */
            probability: number;
            subject: {
                id: string;
                name: string;
                external_id: string | null;
            };
            /** @description The enrolled face compared (the nearest). */
            enrolled_face: string;
            /**
             * @description The subject's enrolled faces of the served encoder version.
             * @example 1
             */
            faces_compared: number;
            face: components["schemas"]["VerifiedFace"];
            model: components["schemas"]["FaceModel"];
            warnings?: components["schemas"]["SubjectVerifyWarning"][];
        };
        SubjectVerifyWarning: {
            /** @enum {string} */
            code: "multiple_faces" | "face_too_small" | "blurry" | "extreme_pose" | "too_dark" | "too_bright";
            detail: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The service is up. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    listModels: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The models. */
            200: {
                headers: {
                    /** @description Strong validator of the listing; send it as If-None-Match. */
                    ETag?: string;
                    "Cache-Control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelList"];
                };
            };
            /** @description Not modified: the If-None-Match ETag is current. */
            304: {
                headers: {
                    /** @description Strong validator of the listing; send it as If-None-Match. */
                    ETag?: string;
                    "Cache-Control"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    measureImageStats: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The photo, as a multipart file field `image` or a JSON string field `image` (base64 or data URL). */
        requestBody: {
            content: {
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description JPEG, PNG or WebP file
                     */
                    image: Blob;
                };
                "application/json": {
                    /** @description The image as base64 or as a data: URL (data:image/jpeg;base64,...) */
                    image: string;
                };
            };
        };
        responses: {
            /** @description The measurements. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImageStats"];
                };
            };
            /** @description `missing-image`: Image missing; `bad-request`: Bad request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthorized`: Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `payload-too-large`: Payload too large; `image-too-large`: Image has too many pixels */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported-media-type`: Unsupported media type; `unsupported-image`: Unsupported image format */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `invalid-image`: Invalid image; `validation-failed`: Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate-limited`: Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `busy`: Busy */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listStyles: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The style catalogue. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Styles"];
                };
            };
        };
    };
    stylize: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The photo (`image`) and the options. */
        requestBody: {
            content: {
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description JPEG, PNG or WebP file
                     */
                    image: Blob;
                    /**
                     * @description A style id from GET /v1/styles; or a mix of 2 or 3 styles, `id:w,id:w[,id:w]` (e.g. `starry_night:2,the_scream:1`); or a JSON object {id: weight} (in a form: that JSON object as text). Weights are normalised to sum 1.
                     * @example starry_night
                     */
                    style: string;
                    /**
                     * @description 0 = the photo, 1 = the full style; in between a pixel blend.
                     * @default 1
                     * @example 0.8
                     */
                    strength?: string;
                    /**
                     * @description Keep the photo's colours; take only luminance from the stylized image.
                     * @default false
                     * @enum {string}
                     */
                    preserve_colors?: "true" | "false";
                    /**
                     * @description Longest side of the result in px.
                     * @default 1024
                     * @example 1024
                     */
                    max_side?: string;
                };
                "application/json": {
                    /** @description The image as base64 or as a data: URL (data:image/jpeg;base64,...) */
                    image: string;
                    /** @description A style id from GET /v1/styles; or a mix of 2 or 3 styles, `id:w,id:w[,id:w]` (e.g. `starry_night:2,the_scream:1`); or a JSON object {id: weight} (in a form: that JSON object as text). Weights are normalised to sum 1. */
                    style: string | {
                        [key: string]: number;
                    };
                    /**
                     * @description 0 = the photo, 1 = the full style; in between a pixel blend.
                     * @default 1
                     */
                    strength?: number;
                    /**
                     * @description Keep the photo's colours; take only luminance from the stylized image.
                     * @default false
                     */
                    preserve_colors?: boolean;
                    /**
                     * @description Longest side of the result in px.
                     * @default 1024
                     */
                    max_side?: number;
                };
            };
        };
        responses: {
            /** @description The stylized image (PNG unless Accept prefers JPEG or WebP). */
            200: {
                headers: {
                    Vary?: string;
                    /** @description The style as used: its id, or the mix with its weights normalised to sum 1 (4 decimals). */
                    "X-Style"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "image/png": Blob;
                    "image/jpeg": Blob;
                    "image/webp": Blob;
                };
            };
            /** @description `missing-image`: Image missing; `bad-request`: Bad request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthorized`: Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `style-not-found`: Style not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not-acceptable`: Not acceptable */
            406: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `payload-too-large`: Payload too large; `image-too-large`: Image has too many pixels */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported-media-type`: Unsupported media type; `unsupported-image`: Unsupported image format */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `invalid-image`: Invalid image; `validation-failed`: Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate-limited`: Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `busy`: Busy */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    detectFaces: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The photo, as a multipart file field `image` or a JSON string field `image` (base64 or data URL), or the raw image as the body. */
        requestBody: {
            content: {
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description JPEG, PNG or WebP file
                     */
                    image: Blob;
                };
                "application/json": {
                    /** @description The image as base64 or as a data: URL (data:image/jpeg;base64,...) */
                    image: string;
                };
            };
        };
        responses: {
            /** @description The faces found. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FaceDetection"];
                };
            };
            /** @description `missing-image`: Image missing; `bad-request`: Bad request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthorized`: Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `payload-too-large`: Payload too large; `image-too-large`: Image has too many pixels */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported-media-type`: Unsupported media type; `unsupported-image`: Unsupported image format */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `invalid-image`: Invalid image; `validation-failed`: Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate-limited`: Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `busy`: Busy */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    embedFaces: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The photo, as a multipart file field `image` or a JSON string field `image` (base64 or data URL), or the raw image as the body. */
        requestBody: {
            content: {
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description JPEG, PNG or WebP file
                     */
                    image: Blob;
                };
                "application/json": {
                    /** @description The image as base64 or as a data: URL (data:image/jpeg;base64,...) */
                    image: string;
                };
            };
        };
        responses: {
            /** @description The faces found, with embeddings. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FaceEmbeddings"];
                };
            };
            /** @description `missing-image`: Image missing; `bad-request`: Bad request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthorized`: Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `payload-too-large`: Payload too large; `image-too-large`: Image has too many pixels */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported-media-type`: Unsupported media type; `unsupported-image`: Unsupported image format */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `invalid-image`: Invalid image; `validation-failed`: Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate-limited`: Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `busy`: Busy */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    verify: {
        parameters: {
            query?: {
                /** @description Which face of photo 'a' to use: 0-based index into its faces, most prominent first (as /v1/faces/detect lists them: visible size x detector confidence). Default: 0, the most prominent. */
                a_face?: string;
                /** @description Which face of photo 'b' to use: 0-based index into its faces, most prominent first (as /v1/faces/detect lists them: visible size x detector confidence). Default: 0, the most prominent. */
                b_face?: string;
                /** @description Which face of photo 'a' to use, by a box 'x,y,width,height' in the photo's pixels (EXIF orientation applied): the detected face overlapping it most (IoU >= 0.1). */
                a_box?: string;
                /** @description Which face of photo 'b' to use, by a box 'x,y,width,height' in the photo's pixels (EXIF orientation applied): the detected face overlapping it most (IoU >= 0.1). */
                b_box?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The two photos, as multipart file fields `a` and `b` or JSON string fields (base64 or data URL). Face choices may be sent as fields too. */
        requestBody: {
            content: {
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description JPEG, PNG or WebP file
                     */
                    a: Blob;
                    /**
                     * Format: binary
                     * @description JPEG, PNG or WebP file
                     */
                    b: Blob;
                    /** @description Which face of photo 'a' to use: 0-based index into its faces, most prominent first (as /v1/faces/detect lists them: visible size x detector confidence). Default: 0, the most prominent. */
                    a_face?: number;
                    /** @description Which face of photo 'a' to use, by a box 'x,y,width,height' in the photo's pixels (EXIF orientation applied): the detected face overlapping it most (IoU >= 0.1). JSON also accepts {x, y, width, height} or [x, y, width, height]. */
                    a_box?: string;
                    /** @description Which face of photo 'b' to use: 0-based index into its faces, most prominent first (as /v1/faces/detect lists them: visible size x detector confidence). Default: 0, the most prominent. */
                    b_face?: number;
                    /** @description Which face of photo 'b' to use, by a box 'x,y,width,height' in the photo's pixels (EXIF orientation applied): the detected face overlapping it most (IoU >= 0.1). JSON also accepts {x, y, width, height} or [x, y, width, height]. */
                    b_box?: string;
                };
                "application/json": {
                    /** @description The image as base64 or as a data: URL (data:image/jpeg;base64,...) */
                    a: string;
                    /** @description The image as base64 or as a data: URL (data:image/jpeg;base64,...) */
                    b: string;
                    /** @description Which face of photo 'a' to use: 0-based index into its faces, most prominent first (as /v1/faces/detect lists them: visible size x detector confidence). Default: 0, the most prominent. */
                    a_face?: number;
                    /** @description Which face of photo 'a' to use, by a box 'x,y,width,height' in the photo's pixels (EXIF orientation applied): the detected face overlapping it most (IoU >= 0.1). JSON also accepts {x, y, width, height} or [x, y, width, height]. */
                    a_box?: string;
                    /** @description Which face of photo 'b' to use: 0-based index into its faces, most prominent first (as /v1/faces/detect lists them: visible size x detector confidence). Default: 0, the most prominent. */
                    b_face?: number;
                    /** @description Which face of photo 'b' to use, by a box 'x,y,width,height' in the photo's pixels (EXIF orientation applied): the detected face overlapping it most (IoU >= 0.1). JSON also accepts {x, y, width, height} or [x, y, width, height]. */
                    b_box?: string;
                };
            };
        };
        responses: {
            /** @description The verdict. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Verification"];
                };
            };
            /** @description `missing-image`: Image missing; `bad-request`: Bad request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthorized`: Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `payload-too-large`: Payload too large; `image-too-large`: Image has too many pixels */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported-media-type`: Unsupported media type; `unsupported-image`: Unsupported image format */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `invalid-image`: Invalid image; `validation-failed`: Validation failed; `no-face`: No face found; `face-not-found`: Chosen face not found */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate-limited`: Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `busy`: Busy */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    identifyFaces: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The photo to search, as a multipart file field `image` or a JSON string field `image` (base64 or data URL), and `people`: in a multipart body a text field holding the JSON array, in a JSON body the array itself. */
        requestBody: {
            content: {
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description JPEG, PNG or WebP file
                     */
                    image: Blob;
                    /** @description The people to look for, 1 to 10: {name, embedding, model}, the embedding and model as /v1/faces/embed returned them for one photo of the person (its most prominent face, say). Sent with each request and kept by the caller, not by the server. As JSON text. */
                    people: string;
                };
                "application/json": {
                    /** @description The image as base64 or as a data: URL (data:image/jpeg;base64,...) */
                    image: string;
                    /** @description The people to look for, 1 to 10: {name, embedding, model}, the embedding and model as /v1/faces/embed returned them for one photo of the person (its most prominent face, say). Sent with each request and kept by the caller, not by the server. */
                    people: components["schemas"]["IdentifyPerson"][];
                };
            };
        };
        responses: {
            /** @description The faces and who they are. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FaceIdentification"];
                };
            };
            /** @description `missing-image`: Image missing; `bad-request`: Bad request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthorized`: Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `model-mismatch`: Embedding from another model */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `payload-too-large`: Payload too large; `image-too-large`: Image has too many pixels */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported-media-type`: Unsupported media type; `unsupported-image`: Unsupported image format */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `invalid-image`: Invalid image; `validation-failed`: Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate-limited`: Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `busy`: Busy */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listGallery: {
        parameters: {
            query?: {
                /** @description Only this style (an id from GET /v1/styles). */
                style?: string;
                /** @description new: newest first; top: most liked first, then newest. */
                sort?: "new" | "top";
                /** @description `next_cursor` of the previous page. */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of items. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GalleryPage"];
                };
            };
            /** @description `style-not-found`: Style not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `validation-failed`: Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `storage-unavailable`: Storage unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    publishToGallery: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description The stylized image: JPEG, PNG or WebP
                     */
                    image: Blob;
                    /**
                     * @description The style id it was made with
                     * @example starry_night
                     */
                    style: string;
                    /** @example Morning coffee */
                    title: string;
                    /** @description Optional name to show */
                    author?: string;
                };
                "application/json": {
                    /** @description The image as base64 or a data: URL */
                    image: string;
                    style: string;
                    title: string;
                    author?: string;
                };
            };
        };
        responses: {
            /** @description Published. */
            201: {
                headers: {
                    /** @description The item: /v1/gallery/{id} */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GalleryPublished"];
                };
            };
            /** @description `missing-image`: Image missing; `bad-request`: Bad request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `cross-site-request`: Cross-site request refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `style-not-found`: Style not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `payload-too-large`: Payload too large; `image-too-large`: Image has too many pixels */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported-media-type`: Unsupported media type; `unsupported-image`: Unsupported image format */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `invalid-image`: Invalid image; `validation-failed`: Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate-limited`: Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `storage-unavailable`: Storage unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getGalleryItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The item. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GalleryItemDetail"];
                };
            };
            /** @description `gallery-item-not-found`: Gallery item not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `storage-unavailable`: Storage unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteGalleryItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    delete_token?: string;
                };
            };
        };
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `invalid-delete-token`: Invalid delete token; `cross-site-request`: Cross-site request refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `gallery-item-not-found`: Gallery item not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `payload-too-large`: Payload too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `storage-unavailable`: Storage unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getGalleryImage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The JPEG. */
            200: {
                headers: {
                    /** @description Strong validator of the bytes. */
                    ETag?: string;
                    "Cache-Control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "image/jpeg": Blob;
                };
            };
            /** @description Not modified (If-None-Match matched). */
            304: {
                headers: {
                    /** @description Strong validator of the bytes. */
                    ETag?: string;
                    "Cache-Control"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `gallery-item-not-found`: Gallery item not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `storage-unavailable`: Storage unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getGalleryThumbnail: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The JPEG. */
            200: {
                headers: {
                    /** @description Strong validator of the bytes. */
                    ETag?: string;
                    "Cache-Control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "image/jpeg": Blob;
                };
            };
            /** @description Not modified (If-None-Match matched). */
            304: {
                headers: {
                    /** @description Strong validator of the bytes. */
                    ETag?: string;
                    "Cache-Control"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `gallery-item-not-found`: Gallery item not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `storage-unavailable`: Storage unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    likeGalleryItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The like count now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GalleryLikes"];
                };
            };
            /** @description `cross-site-request`: Cross-site request refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `gallery-item-not-found`: Gallery item not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `like-limit-reached`: Likes from this network already counted */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `payload-too-large`: Payload too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate-limited`: Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `storage-unavailable`: Storage unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    unlikeGalleryItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The like count now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GalleryLikes"];
                };
            };
            /** @description `cross-site-request`: Cross-site request refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `gallery-item-not-found`: Gallery item not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `like-limit-reached`: Likes from this network already counted */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `payload-too-large`: Payload too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate-limited`: Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `storage-unavailable`: Storage unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reportGalleryItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    reason: "spam" | "offensive" | "sexual" | "violence" | "hate" | "copyright" | "privacy" | "other";
                };
                "application/x-www-form-urlencoded": {
                    /** @enum {string} */
                    reason: "spam" | "offensive" | "sexual" | "violence" | "hate" | "copyright" | "privacy" | "other";
                };
            };
        };
        responses: {
            /** @description Recorded. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GalleryReported"];
                };
            };
            /** @description `bad-request`: Bad request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `cross-site-request`: Cross-site request refused */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `gallery-item-not-found`: Gallery item not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `payload-too-large`: Payload too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `validation-failed`: Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate-limited`: Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `storage-unavailable`: Storage unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listCollections: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The collections. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CollectionList"];
                };
            };
            /** @description `unauthorized`: Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate-limited`: Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createCollection: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /**
                     * @description A label for your own use.
                     * @example front desk
                     */
                    name?: string;
                };
            };
        };
        responses: {
            /** @description The new collection. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Collection"];
                };
            };
            /** @description `unauthorized`: Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `validation-failed`: Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate-limited`: Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `busy`: Busy */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteCollection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Collection id. */
                c: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `unauthorized`: Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `collection-not-found`: Collection not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate-limited`: Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSubjects: {
        parameters: {
            query?: {
                /** @description The `next_cursor` of the previous page. */
                cursor?: string;
                /** @description Page size, 1..200 (default 50). */
                limit?: number;
            };
            header?: never;
            path: {
                /** @description Collection id. */
                c: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of subjects. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubjectPage"];
                };
            };
            /** @description `unauthorized`: Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `collection-not-found`: Collection not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `validation-failed`: Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate-limited`: Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createSubject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Collection id. */
                c: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description Shown in identify results.
                     * @example Ada Lovelace
                     */
                    name: string;
                    /**
                     * @description Your own id for the person; unique within the collection (409 conflict if taken).
                     * @example emp-1815
                     */
                    external_id?: string;
                };
            };
        };
        responses: {
            /** @description The new subject. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Subject"];
                };
            };
            /** @description `unauthorized`: Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `collection-not-found`: Collection not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`: Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `validation-failed`: Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate-limited`: Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `busy`: Busy */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSubject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Collection id. */
                c: string;
                /** @description Subject id. */
                s: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The subject. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubjectDetail"];
                };
            };
            /** @description `unauthorized`: Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `collection-not-found`: Collection not found; `subject-not-found`: Subject not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate-limited`: Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteSubject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Collection id. */
                c: string;
                /** @description Subject id. */
                s: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `unauthorized`: Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `collection-not-found`: Collection not found; `subject-not-found`: Subject not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate-limited`: Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    enrolFace: {
        parameters: {
            query?: {
                /** @description true: enrol despite quality issues. */
                force?: string;
                /** @description Which face of the photo to enrol when it shows several: 0-based index into its faces, most prominent first (as /v1/faces/detect lists them: visible size x detector confidence). Without `face` or `box` the photo must show exactly one face. */
                face?: string;
                /** @description Which face of the photo to enrol, by a box 'x,y,width,height' in the photo's pixels (EXIF orientation applied), e.g. one /v1/faces/detect returned: the detected face overlapping it most (IoU >= 0.1). Not together with `face`. */
                box?: string;
            };
            header?: never;
            path: {
                /** @description Collection id. */
                c: string;
                /** @description Subject id. */
                s: string;
            };
            cookie?: never;
        };
        /** @description The photo, as a multipart file field `image` or a JSON string field `image` (base64 or data URL). It must show exactly one face unless `face` or `box` chooses one. `force`, `face` and `box` may be sent as fields too. */
        requestBody: {
            content: {
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description JPEG, PNG or WebP file
                     */
                    image: Blob;
                    /** @description Enrol even if the face has quality issues. */
                    force?: boolean;
                    /**
                     * @description Which face of the photo to enrol when it shows several: 0-based index into its faces, most prominent first (as /v1/faces/detect lists them: visible size x detector confidence). Without `face` or `box` the photo must show exactly one face.
                     * @example 1
                     */
                    face?: number;
                    /**
                     * @description Which face of the photo to enrol, by a box 'x,y,width,height' in the photo's pixels (EXIF orientation applied), e.g. one /v1/faces/detect returned: the detected face overlapping it most (IoU >= 0.1). Not together with `face`. JSON also accepts {x, y, width, height} or [x, y, width, height].
                     * @example 412,230,208,208
                     */
                    box?: string;
                };
                "application/json": {
                    /** @description The image as base64 or as a data: URL (data:image/jpeg;base64,...) */
                    image: string;
                    /** @description Enrol even if the face has quality issues. */
                    force?: boolean;
                    /**
                     * @description Which face of the photo to enrol when it shows several: 0-based index into its faces, most prominent first (as /v1/faces/detect lists them: visible size x detector confidence). Without `face` or `box` the photo must show exactly one face.
                     * @example 1
                     */
                    face?: number;
                    /**
                     * @description Which face of the photo to enrol, by a box 'x,y,width,height' in the photo's pixels (EXIF orientation applied), e.g. one /v1/faces/detect returned: the detected face overlapping it most (IoU >= 0.1). Not together with `face`. JSON also accepts {x, y, width, height} or [x, y, width, height].
                     * @example 412,230,208,208
                     */
                    box?: string;
                };
            };
        };
        responses: {
            /** @description The enrolled face. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Enrolment"];
                };
            };
            /** @description `missing-image`: Image missing; `bad-request`: Bad request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthorized`: Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `collection-not-found`: Collection not found; `subject-not-found`: Subject not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `payload-too-large`: Payload too large; `image-too-large`: Image has too many pixels */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported-media-type`: Unsupported media type; `unsupported-image`: Unsupported image format */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `invalid-image`: Invalid image; `validation-failed`: Validation failed; `no-face`: No face found; `multiple-faces`: More than one face; `face-not-found`: Chosen face not found; `poor-quality`: Face quality too poor */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate-limited`: Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `busy`: Busy */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    enrolEmbedding: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Collection id. */
                c: string;
                /** @description Subject id. */
                s: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The 128 floats of the face, made by the served encoder exactly as the server makes them (GET /v1/models: the encoder, its alignment and `head.flip`), or by /v1/faces/embed. */
                    embedding: number[];
                    /**
                     * @description The encoder that made the embedding: it must be the served one, same id and version (409 `model-mismatch` otherwise).
                     * @example {
                     *       "id": "dlib-face-encoder",
                     *       "version": "2"
                     *     }
                     */
                    model: {
                        id: string;
                        version: string;
                    };
                };
            };
        };
        responses: {
            /** @description The enrolled face. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmbeddingEnrolment"];
                };
            };
            /** @description `unauthorized`: Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `collection-not-found`: Collection not found; `subject-not-found`: Subject not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `model-mismatch`: Embedding from another model */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `validation-failed`: Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate-limited`: Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `busy`: Busy */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteFace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Collection id. */
                c: string;
                /** @description Subject id. */
                s: string;
                /** @description Enrolled face id. */
                f: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `unauthorized`: Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `collection-not-found`: Collection not found; `subject-not-found`: Subject not found; `enrolled-face-not-found`: Enrolled face not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate-limited`: Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    identify: {
        parameters: {
            query?: {
                /** @description Candidates returned per face, 1..20 (default 3). */
                top_k?: string;
                /** @description A fixed distance at or below which the nearest subject is the identity, overriding the collection-size rule (`max_false_identity_rate`). By default the threshold is t(N), which keeps the rate at which a never-enrolled person is given an identity at 5 % for a collection of N enrolled faces (at most the verification threshold, 0.590762). A smaller value trades correct identifications for fewer strangers taken for enrolled people. Not together with `max_false_identity_rate`. */
                threshold?: string;
                /** @description Target rate at which a person who was never enrolled is given an identity, 0.0001 .. 0.5 (default 0.05). The threshold becomes t(N) = min(verification threshold, F^-1(1 - (1 - rate)^(1/N))) for the collection's N enrolled faces, F the encoder's per-comparison false-accept rate: the larger the collection or the smaller the rate, the stricter the threshold, and the more enrolled people come back unknown (README, Recognition: evaluation). Not together with `threshold`. */
                max_false_identity_rate?: string;
            };
            header?: never;
            path: {
                /** @description Collection id. */
                c: string;
            };
            cookie?: never;
        };
        /** @description The photo, as a multipart file field `image` or a JSON string field `image` (base64 or data URL), or the raw image as the body. `top_k` may be sent as a field too. */
        requestBody: {
            content: {
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description JPEG, PNG or WebP file
                     */
                    image: Blob;
                    /** @description Candidates returned per face, 1..20 (default 3). */
                    top_k?: number;
                    /** @description See the `threshold` query parameter. */
                    threshold?: number;
                    /** @description See the `max_false_identity_rate` query parameter. */
                    max_false_identity_rate?: number;
                };
                "application/json": {
                    /** @description The image as base64 or as a data: URL (data:image/jpeg;base64,...) */
                    image: string;
                    /** @description Candidates returned per face, 1..20 (default 3). */
                    top_k?: number;
                    /** @description See the `threshold` query parameter. */
                    threshold?: number;
                    /** @description See the `max_false_identity_rate` query parameter. */
                    max_false_identity_rate?: number;
                };
            };
        };
        responses: {
            /** @description The faces and who they are. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Identification"];
                };
            };
            /** @description `missing-image`: Image missing; `bad-request`: Bad request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthorized`: Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `collection-not-found`: Collection not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `payload-too-large`: Payload too large; `image-too-large`: Image has too many pixels */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported-media-type`: Unsupported media type; `unsupported-image`: Unsupported image format */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `invalid-image`: Invalid image; `validation-failed`: Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate-limited`: Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `busy`: Busy */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    search: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Collection id. */
                c: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The 128 floats of /v1/faces/embed. */
                    embedding: number[];
                    /**
                     * @description The model /v1/faces/embed reported with the embedding.
                     * @example {
                     *       "id": "dlib-face-encoder",
                     *       "version": "2"
                     *     }
                     */
                    model: {
                        id: string;
                        version: string;
                    };
                    /** @description Candidates returned per face, 1..20 (default 3). */
                    top_k?: number;
                    /** @description A fixed distance at or below which the nearest subject is the identity, overriding the collection-size rule (`max_false_identity_rate`). By default the threshold is t(N), which keeps the rate at which a never-enrolled person is given an identity at 5 % for a collection of N enrolled faces (at most the verification threshold, 0.590762). A smaller value trades correct identifications for fewer strangers taken for enrolled people. Not together with `max_false_identity_rate`. */
                    threshold?: number;
                    /** @description Target rate at which a person who was never enrolled is given an identity, 0.0001 .. 0.5 (default 0.05). The threshold becomes t(N) = min(verification threshold, F^-1(1 - (1 - rate)^(1/N))) for the collection's N enrolled faces, F the encoder's per-comparison false-accept rate: the larger the collection or the smaller the rate, the stricter the threshold, and the more enrolled people come back unknown (README, Recognition: evaluation). Not together with `threshold`. */
                    max_false_identity_rate?: number;
                };
            };
        };
        responses: {
            /** @description Who the embedding is. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SearchResult"];
                };
            };
            /** @description `unauthorized`: Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `collection-not-found`: Collection not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `model-mismatch`: Embedding from another model */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `validation-failed`: Validation failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate-limited`: Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `busy`: Busy */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    verifySubject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Collection id. */
                c: string;
                /** @description Subject id. */
                s: string;
            };
            cookie?: never;
        };
        /** @description The photo, as a multipart file field `image` or a JSON string field `image` (base64 or data URL), or the raw image as the body. */
        requestBody: {
            content: {
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description JPEG, PNG or WebP file
                     */
                    image: Blob;
                };
                "application/json": {
                    /** @description The image as base64 or as a data: URL (data:image/jpeg;base64,...) */
                    image: string;
                };
            };
        };
        responses: {
            /** @description The verdict. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubjectVerification"];
                };
            };
            /** @description `missing-image`: Image missing; `bad-request`: Bad request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthorized`: Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `collection-not-found`: Collection not found; `subject-not-found`: Subject not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `no-enrolled-face`: Subject has no enrolled face for the served model */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `payload-too-large`: Payload too large; `image-too-large`: Image has too many pixels */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported-media-type`: Unsupported media type; `unsupported-image`: Unsupported image format */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `invalid-image`: Invalid image; `validation-failed`: Validation failed; `no-face`: No face found */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate-limited`: Too many requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `busy`: Busy */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
