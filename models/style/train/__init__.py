"""Training-side code for Likeness neural style transfer (issue 6).

Training-time only: nothing in this package is shipped to the Worker. The shipped artefact is the
ONNX file written by `train.export`. Run modules with the repository's `models/style` folder on
PYTHONPATH, e.g. `PYTHONPATH=models/style /usr/bin/python3 -m train.train --help`, or through the
npm scripts (`npm run style:train -- --help`).
"""
