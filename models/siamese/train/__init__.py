"""Siamese face-embedding training (triplet loss with mining, or pairwise logistic), on Debian's
PyTorch. See models/siamese/README.md. Run through `npm run siamese:train` (models/siamese/cli.mjs)."""
