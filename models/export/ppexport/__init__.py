"""PowerPaint bundle exporter: diffusers-format SD-1.5 inpainting / PowerPaint v1 checkpoint -> our bundle."""
