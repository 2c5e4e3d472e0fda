# A batch job that must run on Linux, away from the edge nodes, under docker.
# Against examples/catalog: the batch class has no docker, the one ready edge
# node fails the group's constraint, and the three web nodes take it.
job "render" {
  type        = "batch"
  datacenters = ["*"]
  node_pool   = "all"

  constraint {
    attribute = "${attr.kernel.name}"
    value     = "linux"
  }

  group "render" {
    count = 4

    constraint {
      attribute = "${node.class}"
      operator  = "!="
      value     = "edge"
    }

    task "render" {
      driver = "docker"

      config {
        image = "example/render:1.4"
      }

      resources {
        cpu    = 2000
        memory = 6144
      }
    }
  }
}
