"""NumPy operator core mirroring ``torch.nn.functional`` (NCHW, (batch, heads, T, d)).

Layers compute cross-correlation like PyTorch; ``convolve`` is the flipped-kernel (true)
convolution. Every backward function returns gradients with the shapes of the inputs.
Bad input raises ValueError naming the shapes; nothing broadcasts silently.
"""

from .attention import (
    MHAParams, attention_weights, multi_head_attention, multi_head_attention_backward,
    scaled_dot_product_attention, scaled_dot_product_attention_backward, softmax,
    softmax_backward, softmax_jacobian,
)
from .conv import (
    conv1d, conv1d_backward, conv2d, conv2d_backward, conv_matrix, conv_output_size,
    conv_transpose2d, convolve, correlate, rot180,
)
from .fft import circular_convolve, fft_convolve
from .graph import (
    add_self_loops, chebyshev_filter, gcn_layer, graph_fourier_basis, laplacian,
    normalized_adjacency, normalized_laplacian, polynomial_filter, spectral_conv,
)
from .pool import avg_pool2d, avg_pool2d_backward, max_pool2d, max_pool2d_backward
from .recurrent import gru_cell, lru, lru_eigenvalues, lstm_cell, rnn_cell, sample_ring

__all__ = [
    "MHAParams", "attention_weights", "multi_head_attention", "multi_head_attention_backward",
    "scaled_dot_product_attention", "scaled_dot_product_attention_backward", "softmax",
    "softmax_backward", "softmax_jacobian",
    "conv1d", "conv1d_backward", "conv2d", "conv2d_backward", "conv_matrix", "conv_output_size",
    "conv_transpose2d", "convolve", "correlate", "rot180",
    "circular_convolve", "fft_convolve",
    "add_self_loops", "chebyshev_filter", "gcn_layer", "graph_fourier_basis", "laplacian",
    "normalized_adjacency", "normalized_laplacian", "polynomial_filter", "spectral_conv",
    "avg_pool2d", "avg_pool2d_backward", "max_pool2d", "max_pool2d_backward",
    "gru_cell", "lru", "lru_eigenvalues", "lstm_cell", "rnn_cell", "sample_ring",
]
