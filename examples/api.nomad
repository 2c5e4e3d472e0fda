# The "api" job from Nomad 0.12's networking announcement: the group joins the
# CNI network "mynet" (defined by a conflist on the client) and maps the
# dynamic host port "http" to port 8080 inside the group's network namespace.
job "api" {
  datacenters = ["dc1"]

  group "api" {
    count = 2

    network {
      mode = "cni/mynet"

      port "http" {
        to = 8080
      }
    }

    service {
      name = "api"
      port = "http"

      check {
        type     = "http"
        path     = "/health"
        interval = "10s"
        timeout  = "2s"
      }
    }

    task "api" {
      driver = "docker"

      config {
        image = "example/api:1.4.2"
        ports = ["http"]
      }
    }
  }
}
