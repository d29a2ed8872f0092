package dev.vespabench.comfyui;

/**
 * The size and sampling steps of one text-to-image job.
 *
 * @param width the image width in pixels
 * @param height the image height in pixels
 * @param steps the sampling steps
 */
record ImageJob(int width, int height, int steps) {

    /**
     * Returns the older cost formula of an image job: {@code width * height * steps / 1000}.
     *
     * @return the workload, 5242.88 for 512 x 512 pixels and 20 steps
     */
    double pixelsSteps() {
        return (double) width * height * steps / 1000.0;
    }
}
