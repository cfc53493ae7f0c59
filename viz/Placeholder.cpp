int ropescope_viz_placeholder = 0;
