/**
 * Longest side, in pixels, at which photos are decoded for the face pipeline. The detector sees
 * 256 px, and a face that fills a quarter of a 1024 px photo already gives the 150 px encoder chip
 * more pixels than it uses; larger decodes cost memory (two photos per verify request inside the
 * 128 MB isolate) and time, not accuracy.
 */
export const ANALYSIS_MAX_SIDE = 1024;
