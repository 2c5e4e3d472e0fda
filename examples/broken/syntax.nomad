# A block left open: jobspec points at the block, not at the end of the file.
job "batch" {
  type = "batch"

  group "work" {
    task "run" {
      driver = "exec"

      config {
        command = "/bin/true"
      }
  }
}
