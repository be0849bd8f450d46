package net.ijcl;

/**
 * An error reported by the ijcl native core: an unknown image name, a size or type mismatch, an
 * out-of-range parameter, a missing OpenCL driver, GPU memory exhausted. The message names the
 * operation and the argument ("operation 'gaussianBlur2D', argument 'source': no image named
 * 'blobs' is on the GPU (push it first)").
 */
public class IjclException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public IjclException(String message) {
        super(message);
    }

    public IjclException(String message, Throwable cause) {
        super(message, cause);
    }
}
